package io.tessera.cluster;

import io.tessera.cloud.CloudClients;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.job.Provenance;
import io.tessera.core.port.JobQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * Rank 0. A receiver thread keeps job messages fetched from SQS ahead of need; the main thread,
 * the only one that touches MPI here, hands each to a worker (a slot of a worker rank, see
 * {@link WorkerSlot}), lends idle workers to a worker whose image is large enough to be filtered in strips, and passes what the workers report to the
 * {@link ControlPlane}, which tells the clients and deletes a job message only after its worker
 * reported the result safely in S3. The main thread never waits on SQS or S3.
 *
 * <p>Each worker holds one job running and one queued behind it, so that it starts the next the
 * moment it reports (and can fetch the next input while it filters): the round trip through rank 0
 * is never on a worker's critical path. A job that runs past the job timeout is taken for a hung
 * rank: MPI cannot replace one rank, so rank 0 aborts the MPI job and the supervisor starts it
 * again, as after a crash.
 */
final class Coordinator {
    private static final int RANK = 0;
    /**
     * Long enough to cost next to nothing while the queue is empty (a request every 2 s), short
     * because a drain waits for the poll in progress: a cluster asked to stop is gone in seconds.
     */
    private static final Duration LONG_POLL = Duration.ofSeconds(2);
    /** Rank 0's longest pause between polls while nothing happens (see {@link #run}). */
    static final long IDLE_POLL_MILLIS = 4;
    /** Jobs a worker holds at once: the one it runs and the next. */
    static final int JOBS_PER_WORKER = 2;
    /** A job that hung a rank this many times is failed for good rather than tried again. */
    static final int MAX_HUNG_ATTEMPTS = 3;
    /** mpirun's exit code when rank 0 aborted the MPI job because a rank hung. */
    static final int HUNG_RANK_EXIT = 75;

    private final Comm comm;
    private final CloudClients clients;
    private final JobQueue jobs;
    private final ControlPlane controlPlane;
    private final CancelWatch cancelWatch;
    /**
     * The jobs each worker holds, the running one first. A worker with none and not lent is idle.
     * In the order slot 0 of every rank, then slot 1 of every rank…: jobs spread over the ranks
     * (nodes) before they double up on one.
     */
    private final Map<WorkerSlot, Deque<InFlight>> assigned = new LinkedHashMap<>();
    /** Workers lent to a large image, by the worker that leads it. */
    private final Map<WorkerSlot, List<WorkerSlot>> lentWorkers = new HashMap<>();
    private final EarlierDeliveries earlierDeliveries = new EarlierDeliveries(EarlierDeliveries.REMEMBERED_JOBS);
    private final boolean severalSlots;
    private final BlockingQueue<JobQueue.Message> prefetched;
    private final Path drainFile;
    private final Path heartbeatFile;
    private final HangLog hangs;
    private final Duration jobTimeout;
    private final ClusterStatusWriter status;
    private volatile boolean running = true;

    /**
     * A job given to a worker. {@code startedNanos} is 0 while it waits behind the worker's current
     * job. {@code copies} are further deliveries of the same job that arrived meanwhile (SQS delivers
     * at least once): they are held, not run, and deleted with it.
     */
    private static final class InFlight {
        final JobSpec job;
        final JobQueue.Message message;
        final List<JobQueue.Message> copies = new ArrayList<>();
        long startedNanos;
        /** Its client cancelled it while it was queued behind the worker's current job; the worker was told. */
        boolean cancelAsked;

        InFlight(JobSpec job, JobQueue.Message message) {
            this.job = job;
            this.message = message;
        }

        List<JobQueue.Message> messages() {
            List<JobQueue.Message> all = new ArrayList<>(copies);
            all.add(message);
            return all;
        }
    }

    /**
     * Rank 0 never waits for a worker to take a message: a blocking send to a rank that stopped
     * answering never returns, and rank 0 would stop watching the job timeouts. Each send keeps its
     * direct buffer until MPI reports it complete.
     */
    private final List<PendingSend> pendingSends = new ArrayList<>();

    private record PendingSend(mpi.Request request, java.nio.ByteBuffer buffer) {
    }

    /**
     * @param drainFile     when it appears, rank 0 drains and ends the MPI job
     * @param heartbeatFile touched by the main loop about once a second, so that the supervisor
     *                      can tell a hung rank 0 (which no other rank watches) from a busy one
     * @param hangsFile     where the jobs that hung a rank are counted across restarts ({@link HangLog});
     *                      without one (no supervisor to restart the MPI job), SQS's receive count
     *                      stands in, which over-counts
     */
    Coordinator(Comm comm, CloudClients clients, int size, int slotsPerRank, Path drainFile, Path heartbeatFile,
            Path hangsFile, Duration jobTimeout, ClusterStatusWriter status) throws IOException {
        this.comm = comm;
        this.drainFile = drainFile;
        this.heartbeatFile = heartbeatFile;
        this.hangs = hangsFile == null ? null : new HangLog(hangsFile);
        this.clients = clients;
        this.jobs = clients.jobs();
        this.controlPlane = new ControlPlane(clients, jobs, status.hostsByRank());
        this.cancelWatch = new CancelWatch(clients.objectStore());
        this.jobTimeout = jobTimeout;
        this.status = status;
        this.severalSlots = slotsPerRank > 1;
        for (int slot = 0; slot < slotsPerRank; slot++) {
            for (int rank = 1; rank < size; rank++) {
                assigned.put(new WorkerSlot(rank, slot), new ArrayDeque<>());
            }
        }
        // Enough fetched ahead that a worker reporting finds its next-but-one job waiting here;
        // at least a full receive (10). Held messages' visibility is extended, so waiting costs nothing.
        this.prefetched = new LinkedBlockingQueue<>(Math.max(JobQueue.MAX_BATCH, assigned.size()));
    }

    void run() throws MPIException, InterruptedException {
        Thread receiver = Thread.ofPlatform().name("sqs-receiver").daemon().start(this::receiveJobs);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("rank0-housekeeping").daemon().factory());
        housekeeping.execute(() -> checkBucketMetadata(housekeeping));
        housekeeping.scheduleAtFixedRate(status::writeIfDue, 0, 1, TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(() -> cancelWatch.refresh(controlPlane.heldMessages()), 1, 1,
                TimeUnit.SECONDS);
        ClusterLog.info(RANK, "coordinator-ready", "workers", assigned.size(), "queue", jobs, "job-timeout-s",
                jobTimeout.toSeconds());
        long nextCheck = 0;
        // Every poll costs (three probes through Open MPI's progress engine and a timed park):
        // polling every millisecond, rank 0's main thread used 450 ms of CPU in 20 s of an idle
        // 2-rank cluster here, 180 ms with this back-off. Each worker holds the job it runs and the
        // next, so a result or a request noticed a few milliseconds later delays no worker: rank 0
        // polls at 1 ms while things happen and backs off to IDLE_POLL_MILLIS between them.
        Mailbox.Backoff idle = new Mailbox.Backoff(IDLE_POLL_MILLIS);
        while (running) {
            if (System.currentTimeMillis() >= nextCheck) {
                nextCheck = System.currentTimeMillis() + 200;
                beat();
                stopCancelledQueuedJobs();
                abortIfARankHung();
                if (drainFile != null && Files.exists(drainFile)) {
                    housekeeping.execute(() -> status.state("draining"));
                    drain(receiver);
                    break;
                }
            }
            boolean progressed = collectResults();
            reapCompletedSends();
            progressed |= handOutJobs();
            if (progressed) {
                idle.reset();
            } else {
                idle.pause();
            }
        }
        receiver.interrupt();
        controlPlane.close();
        housekeeping.shutdownNow();
        housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        status.state("stopped");
    }

    /**
     * Stops taking jobs, hands the fetched but not given ones straight back to the queue, and
     * waits for the workers to finish the ones they hold and for those to be reported.
     */
    private void drain(Thread receiver) throws MPIException, InterruptedException {
        running = false;
        ClusterLog.info(RANK, "draining", "running", busyCount());
        // A receive may be on its way: let it land before handing everything fetched back.
        receiver.interrupt();
        long deadline = System.currentTimeMillis() + LONG_POLL.toMillis() + 1000;
        while (receiver.isAlive() && System.currentTimeMillis() < deadline) {
            collectResults();
            Thread.sleep(2);
        }
        List<JobQueue.Message> unstarted = new ArrayList<>();
        prefetched.drainTo(unstarted);
        controlPlane.putBack(unstarted, Duration.ZERO);
        while (assigned.values().stream().anyMatch(held -> !held.isEmpty())) {
            abortIfARankHung();
            reapCompletedSends();
            if (!collectResults()) {
                Thread.sleep(2);
            }
        }
        ClusterLog.info(RANK, "drained", "returned", unstarted.size());
    }

    /**
     * A job past the timeout means its rank (or a rank lent to it) hangs: in a loop, in a stalled
     * read, or stopped. The job comes back through its visibility timeout after the restart, unless
     * it already hung ranks {@link #MAX_HUNG_ATTEMPTS} times: then it fails with the reason, so
     * that one poisonous input cannot keep the cluster restarting.
     */
    private void abortIfARankHung() throws MPIException, InterruptedException {
        long now = System.nanoTime();
        for (Map.Entry<WorkerSlot, Deque<InFlight>> worker : assigned.entrySet()) {
            InFlight flight = worker.getValue().peekFirst();
            if (flight == null || flight.startedNanos == 0) {
                continue;
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(now - flight.startedNanos);
            if (seconds < jobTimeout.toSeconds()) {
                continue;
            }
            int rank = worker.getKey().rank();
            List<Integer> lent = lentWorkers.getOrDefault(worker.getKey(), List.of()).stream().map(WorkerSlot::rank)
                    .distinct().toList();
            int hung = timesHung(flight);
            ClusterLog.info(RANK, "rank-hung", "rank", rank, "slot", slotOf(worker.getKey()), "lent",
                    lent.isEmpty() ? null : lent, "job",
                    flight.job.jobId(), "seconds", seconds, "hangs", hung, "receives", flight.message.receiveCount());
            if (hung >= MAX_HUNG_ATTEMPTS) {
                String reason = "did not finish within " + jobTimeout.toSeconds() + " s on " + MAX_HUNG_ATTEMPTS
                        + " attempts; the cluster was restarted each time";
                controlPlane.publish(flight.job.eventsQueue(), JobEvent.failed(flight.job, rank, reason,
                        TimeUnit.NANOSECONDS.toMillis(now - flight.startedNanos)));
                controlPlane.deadLetter(flight.message, reason);
            }
            status.state("restarting");
            // The abort ends this process too: what was handed to the control plane goes out first.
            controlPlane.awaitIdle(Duration.ofSeconds(10));
            // Ends every rank; the supervisor starts the MPI job again and counts the restart.
            comm.abort(HUNG_RANK_EXIT);
        }
    }

    /** How many times this job has hung a rank, this time included. */
    private int timesHung(InFlight flight) {
        if (hangs == null) {
            return flight.message.receiveCount();
        }
        try {
            return hangs.record(flight.job.jobId());
        } catch (IOException e) {
            // Not knowing, do not fail the job: SQS's own redrive limit still ends a poisonous one.
            ClusterLog.info(RANK, "hang-log-failed", "error", e.getMessage());
            return 1;
        }
    }

    private long nextBeat;

    private void beat() {
        if (heartbeatFile == null || System.currentTimeMillis() < nextBeat) {
            return;
        }
        nextBeat = System.currentTimeMillis() + 1000;
        try {
            Files.write(heartbeatFile, new byte[0]);
        } catch (IOException e) {
            ClusterLog.info(RANK, "heartbeat-failed", "file", heartbeatFile, "error", e.getMessage());
        }
    }

    /** Stops taking new work; called from the shutdown hook. */
    void stop() {
        running = false;
    }

    /**
     * Keeps {@link #prefetched} filled, a receive at a time. A receive is made once there is room
     * for half the buffer (a full receive of ten on a cluster of ten workers or more) or the buffer
     * ran dry, not each time a worker took one job: refilled one message at a time, the buffer
     * cost a request for every job or two, and the faster the SQS server answered, the fewer
     * messages each request brought back. Workers still find their next job at once: each holds
     * the job it runs and the next, and the buffer is only a third layer behind them.
     *
     * <p>A batch's jobs are spread over many message groups (docs/protocol.md), so a long poll
     * wakes for the next job instead of waiting on a group held by a job in flight.
     */
    private void receiveJobs() {
        int worthAReceive = refillAt(prefetched.remainingCapacity());
        while (running) {
            try {
                int room = prefetched.remainingCapacity();
                if (room < worthAReceive && !prefetched.isEmpty()) {
                    Thread.sleep(5);
                    continue;
                }
                for (JobQueue.Message message : jobs.receive(Math.min(room, JobQueue.MAX_BATCH), LONG_POLL)) {
                    controlPlane.hold(message);
                    if (cancelled(message)) {
                        continue;
                    }
                    prefetched.offer(message); // always room: this thread alone adds, after checking
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                ClusterLog.info(RANK, "sqs-receive-failed", "error", e.getMessage());
                sleepQuietly(TimeUnit.SECONDS, 2);
            }
        }
    }

    /** The room in a buffer of {@code capacity} jobs that is worth a receive: half of it, a full receive at most. */
    static int refillAt(int capacity) {
        return Math.max(1, Math.min(JobQueue.MAX_BATCH, (capacity + 1) / 2));
    }

    /**
     * A job its client cancelled before it ran (a marker object, see docs/protocol.md) is answered
     * CANCELLED and deleted instead of run. Checked here on receipt, on the receiving thread so
     * that rank 0's loop never waits on S3 for it; again when it is handed to a worker, and by the
     * worker before it starts a job queued behind another.
     */
    private boolean cancelled(JobQueue.Message message) {
        JobSpec job;
        try {
            job = JobCodec.decodeJob(message.body());
            if (!cancelWatch.cancelledOnReceipt(job)) {
                return false;
            }
        } catch (ProtocolException | IOException e) {
            return false; // dispatch deals with what cannot be read; an unknown answer runs the job
        }
        finishCancelled(job, List.of(message));
        return true;
    }

    /**
     * If its client cannot be told now, the message comes back after a few seconds and is
     * answered then; it does not run either way.
     */
    private void finishCancelled(JobSpec job, List<JobQueue.Message> messages) {
        JobEvent event = JobEvent.cancelled(job, RANK);
        controlPlane.finish(job.eventsQueue(), event, messages, () -> {
            ClusterLog.info(RANK, "job-cancelled", "job", job.jobId());
            status.finished(event);
        });
    }

    /**
     * Jobs cancelled since they were handed out: a worker told in time answers the one queued
     * behind its current job CANCELLED instead of starting it. One already running finishes.
     */
    private void stopCancelledQueuedJobs() throws MPIException {
        for (String jobId : cancelWatch.newlyCancelled()) {
            for (Map.Entry<WorkerSlot, Deque<InFlight>> worker : assigned.entrySet()) {
                for (InFlight flight : worker.getValue()) {
                    if (flight.job.jobId().equals(jobId) && flight.startedNanos == 0 && !flight.cancelAsked) {
                        flight.cancelAsked = true;
                        sendWithoutWaiting(jobId.getBytes(StandardCharsets.UTF_8), worker.getKey(), Tags.CANCEL);
                        ClusterLog.info(RANK, "job-cancel-sent", "job", jobId, "worker", worker.getKey().rank(), "slot",
                                slotOf(worker.getKey()));
                    }
                }
            }
        }
    }

    /**
     * Gives fetched jobs to workers: first to idle ones, then one more to each busy one, to start
     * the moment it reports.
     */
    private boolean handOutJobs() throws MPIException {
        boolean any = false;
        for (int depth = 0; depth < JOBS_PER_WORKER; depth++) {
            for (Map.Entry<WorkerSlot, Deque<InFlight>> worker : assigned.entrySet()) {
                if (worker.getValue().size() != depth || isLent(worker.getKey())) {
                    continue;
                }
                JobQueue.Message message = prefetched.poll();
                if (message == null) {
                    return any;
                }
                dispatch(message, worker.getKey());
                any = true;
            }
        }
        return any;
    }

    private void dispatch(JobQueue.Message message, WorkerSlot worker) throws MPIException {
        JobSpec job;
        try {
            job = JobCodec.decodeJob(message.body());
        } catch (ProtocolException e) {
            // It can never run: keep it in the dead-letter queue for a person, and tell its sender
            // when the message says who that is.
            String reason = "the cluster cannot read this job: " + e.getMessage();
            JobCodec.failureNotice(message.body(), reason).ifPresent(n -> controlPlane.publish(n.eventsQueue(),
                    n.event()));
            controlPlane.deadLetter(message, reason);
            return;
        }
        for (Deque<InFlight> held : assigned.values()) {
            for (InFlight flight : held) {
                if (flight.job.jobId().equals(job.jobId())) {
                    flight.copies.add(message);
                    ClusterLog.info(RANK, "job-copy-held", "job", job.jobId(), "receives", message.receiveCount());
                    return;
                }
            }
        }
        if (cancelWatch.isCancelled(job)) {
            finishCancelled(job, List.of(message));
            return;
        }
        Deque<InFlight> queue = assigned.get(worker);
        InFlight flight = new InFlight(job, message);
        queue.addLast(flight);
        if (queue.size() == 1) {
            start(flight, worker);
        }
        boolean again = earlierDeliveries.mayHaveRunBefore(job, message);
        boolean inMetadata = bucketKeepsMetadata
                && Provenance.IN_METADATA.equals(message.attributes().get(Provenance.WHERE_ATTRIBUTE));
        sendWithoutWaiting(HandedJob.encode(message.body(), again, inMetadata), worker, Tags.JOB);
        ClusterLog.info(RANK, "job-dispatched", "job", job.jobId(), "worker", worker.rank(), "slot", slotOf(worker),
                "queued", queue.size() > 1 ? true : null, "may-have-run", again ? true : null);
    }

    /**
     * Whether the bucket gives back the metadata stored on an object: S3 does, and so does S3Proxy
     * on a file system with user extended attributes, but an S3-compatible store may drop it
     * silently, and a provenance record stored there would be lost. Until this is known (one put
     * and one look-up when rank 0 starts, tried again while S3 does not answer), records go in
     * objects of their own.
     */
    private volatile boolean bucketKeepsMetadata;

    /** The metadata name of the check's object; its value is new at each start. */
    private static final String METADATA_CHECK = "tessera-check";

    private void checkBucketMetadata(ScheduledExecutorService housekeeping) {
        String key = "cluster/" + clients.config().jobsQueue() + "/metadata-check";
        String token = java.util.UUID.randomUUID().toString();
        try {
            clients.objectStore().put(key, new byte[0], "application/octet-stream", Map.of(METADATA_CHECK, token));
            bucketKeepsMetadata = clients.objectStore().metadata(key)
                    .map(metadata -> token.equals(metadata.get(METADATA_CHECK))).orElse(false);
            ClusterLog.info(RANK, "bucket-metadata", "kept", bucketKeepsMetadata, "provenance",
                    bucketKeepsMetadata ? "in the result's metadata, for clients that read it there" : "in objects");
        } catch (IOException e) {
            ClusterLog.info(RANK, "bucket-metadata-unknown", "error", e.getMessage(), "retry-s", 5);
            housekeeping.schedule(() -> checkBucketMetadata(housekeeping), 5, TimeUnit.SECONDS);
        }
    }

    /** The job's worker begins it now: its timeout starts, and its client hears it runs. */
    private void start(InFlight flight, WorkerSlot worker) {
        flight.startedNanos = System.nanoTime();
        status.busy(busyCount());
        if (!flight.cancelAsked) { // most likely it will not run: do not say it does
            controlPlane.running(flight.job.eventsQueue(), JobEvent.running(flight.job, worker.rank()));
        }
    }

    private boolean isLent(WorkerSlot worker) {
        return lentWorkers.values().stream().anyMatch(helpers -> helpers.contains(worker));
    }

    /**
     * Takes what the workers sent: results, and requests for help with a large image. Both come
     * from any rank on a tag that names the sending slot.
     */
    private boolean collectResults() throws MPIException {
        boolean any = false;
        Status probe;
        while ((probe = comm.iProbe(MPI.ANY_SOURCE, MPI.ANY_TAG)) != null) {
            WorkerSlot worker = new WorkerSlot(probe.getSource(), Tags.slot(probe.getTag()));
            byte[] payload = new byte[probe.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, probe.getSource(), probe.getTag());
            switch (Tags.kind(probe.getTag())) {
                case Tags.RESULT -> finished(worker, payload);
                case Tags.HELP_WANTED -> lendIdleWorkers(worker);
                default -> ClusterLog.info(RANK, "unexpected-message", "tag", probe.getTag(), "from", probe.getSource());
            }
            any = true;
        }
        return any;
    }

    private void finished(WorkerSlot worker, byte[] payload) {
        Deque<InFlight> queue = assigned.get(worker);
        InFlight done = queue.pollFirst();
        // The strips are all back with the leader before it reports: its helpers are free too.
        lentWorkers.remove(worker);
        if (!queue.isEmpty()) {
            start(queue.peekFirst(), worker); // the worker has already begun it
        }
        JobEvent event = JobCodec.decodeEvent(new String(payload, StandardCharsets.UTF_8));
        if (event.state() == JobState.RETRYING) {
            // S3 was out of reach: the job goes back to the queue for a later try, sooner the
            // first times; after maxReceives tries SQS moves it to the dead letters.
            controlPlane.publish(done.job.eventsQueue(), event);
            Duration delay = Duration.ofSeconds(Math.min(60, 5L * done.message.receiveCount()));
            controlPlane.putBack(done.messages(), delay);
            ClusterLog.info(RANK, "job-put-back", "job", done.job.jobId(), "delay-s", delay.toSeconds());
        } else {
            // The result is in S3 (the worker wrote it before replying); the message is deleted
            // once the client was told. A crash in between repeats the job, which then finds its
            // result made and says so; nothing is lost.
            controlPlane.finish(done.job.eventsQueue(), event, done.messages(), () -> status.finished(event));
        }
        status.busy(busyCount());
    }

    /**
     * A worker whose image is above the strip size asks for help: it gets every worker idle now
     * (perhaps none: then it filters its strips alone). Waiting for busy ones would idle the rest,
     * and with every worker busy the cluster is as busy as it can be anyway.
     */
    private void lendIdleWorkers(WorkerSlot leader) throws MPIException {
        List<WorkerSlot> helpers = assigned.entrySet().stream()
                .filter(w -> w.getValue().isEmpty() && !isLent(w.getKey())).map(Map.Entry::getKey).toList();
        lentWorkers.put(leader, helpers);
        sendWithoutWaiting(WorkerSlot.encode(helpers), leader, Tags.HELPERS);
        ClusterLog.info(RANK, "workers-lent", "leader", leader.rank(), "slot", slotOf(leader), "job",
                assigned.get(leader).peekFirst().job.jobId(), "helpers", helpers.stream()
                        .map(h -> severalSlots ? h.rank() + "." + h.slot() : Integer.toString(h.rank())).toList());
        status.busy(busyCount());
    }

    /** The slot, for a log line: only where ranks run several (a rank of one is named by its rank alone). */
    private Integer slotOf(WorkerSlot worker) {
        return severalSlots ? worker.slot() : null;
    }

    private int busyCount() {
        return (int) assigned.values().stream().filter(held -> !held.isEmpty()).count()
                + lentWorkers.values().stream().mapToInt(List::size).sum();
    }

    private void sendWithoutWaiting(byte[] payload, WorkerSlot worker, int kind) throws MPIException {
        java.nio.ByteBuffer buffer = MPI.newByteBuffer(Math.max(1, payload.length)).put(payload);
        pendingSends.add(new PendingSend(comm.iSend(buffer, payload.length, MPI.BYTE, worker.rank(),
                Tags.of(kind, worker.slot())), buffer));
    }

    private void reapCompletedSends() throws MPIException {
        for (java.util.Iterator<PendingSend> sends = pendingSends.iterator(); sends.hasNext();) {
            if (sends.next().request().test()) {
                sends.remove();
            }
        }
    }

    /**
     * Tells every worker to leave, and waits a little for them to take it: a worker that does not
     * is hung, and the MPI job is aborted rather than left waiting on it at finalization.
     */
    void stopWorkers() throws MPIException, InterruptedException {
        for (WorkerSlot worker : assigned.keySet()) {
            sendWithoutWaiting(new byte[0], worker, Tags.STOP);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (!pendingSends.isEmpty() && System.currentTimeMillis() < deadline) {
            reapCompletedSends();
            Thread.sleep(10);
        }
        if (!pendingSends.isEmpty()) {
            ClusterLog.info(RANK, "workers-unresponsive", "count", pendingSends.size());
            comm.abort(HUNG_RANK_EXIT);
        }
    }

    private static void sleepQuietly(TimeUnit unit, long amount) {
        try {
            unit.sleep(amount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
