package io.tessera.cluster;

import io.tessera.cloud.CloudClients;
import io.tessera.core.batch.DeadLetters;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.job.ProtocolException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * Rank 0. A receiver thread keeps a few job messages fetched from SQS ahead of need; the main
 * thread, the only one that touches MPI, hands each to an idle worker, lends idle workers to a
 * worker whose image is large enough to be filtered in strips, relays the workers' events, and
 * deletes a job message only after its worker reported the result safely in S3. A job that runs
 * past the job timeout is taken for a hung rank: MPI cannot replace one rank, so rank 0 aborts
 * the MPI job and the supervisor starts it again, as after a crash.
 */
final class Coordinator {
    private static final int RANK = 0;
    private static final Duration LONG_POLL = Duration.ofSeconds(5);
    /** A job that hung a rank this many times is failed for good rather than tried again. */
    static final int MAX_HUNG_ATTEMPTS = 3;
    /** mpirun's exit code when rank 0 aborted the MPI job because a rank hung. */
    static final int HUNG_RANK_EXIT = 75;

    private final Comm comm;
    private final CloudClients clients;
    private final JobQueue jobs;
    private final Deque<Integer> idleWorkers = new ArrayDeque<>();
    private final Map<Integer, InFlight> busyWorkers = new HashMap<>();
    /** Workers lent to a large image, by the rank that leads it. */
    private final Map<Integer, List<Integer>> lentWorkers = new HashMap<>();
    private final BlockingQueue<JobQueue.Message> prefetched;
    /** Every received, not yet deleted message, by receipt: kept invisible while it waits or runs. */
    private final Map<String, JobQueue.Message> held = new ConcurrentHashMap<>();
    private final Path drainFile;
    private final Path heartbeatFile;
    private final Duration jobTimeout;
    private final ClusterStatusWriter status;
    private volatile boolean running = true;

    /**
     * A job on a worker. {@code copies} are further deliveries of the same job that arrived while
     * it ran (SQS delivers at least once): they are held, not run, and deleted with it.
     */
    private record InFlight(JobSpec job, JobQueue.Message message, long startedNanos, List<JobQueue.Message> copies) {
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
     */
    Coordinator(Comm comm, CloudClients clients, int size, Path drainFile, Path heartbeatFile, Duration jobTimeout,
            ClusterStatusWriter status) throws IOException {
        this.comm = comm;
        this.drainFile = drainFile;
        this.heartbeatFile = heartbeatFile;
        this.clients = clients;
        this.jobs = clients.jobs();
        this.jobTimeout = jobTimeout;
        this.status = status;
        for (int rank = 1; rank < size; rank++) {
            idleWorkers.add(rank);
        }
        // A batch is one FIFO message group, and SQS hands out no more of a group while any of its
        // messages is in flight: take up to 10 at once (SQS's most), or twice the workers if more.
        // Held messages' visibility is extended, so waiting in this queue costs nothing.
        this.prefetched = new LinkedBlockingQueue<>(Math.max(10, 2 * (size - 1)));
    }

    void run() throws MPIException, InterruptedException {
        Thread receiver = Thread.ofPlatform().name("sqs-receiver").daemon().start(this::receiveJobs);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("rank0-housekeeping").daemon().factory());
        // A third of the visibility timeout: two extensions may fail before a running job reappears.
        long every = CloudClients.JOB_VISIBILITY.toMillis() / 3;
        housekeeping.scheduleAtFixedRate(this::extendHeldMessages, every, every, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(status::writeIfDue, 0, 1, TimeUnit.SECONDS);
        ClusterLog.info(RANK, "coordinator-ready", "workers", idleWorkers.size(), "queue", jobs, "job-timeout-s",
                jobTimeout.toSeconds());
        long nextCheck = 0;
        while (running) {
            if (System.currentTimeMillis() >= nextCheck) {
                nextCheck = System.currentTimeMillis() + 200;
                beat();
                abortIfARankHung();
                if (drainFile != null && Files.exists(drainFile)) {
                    housekeeping.execute(() -> status.state("draining"));
                    drain(receiver);
                    break;
                }
            }
            boolean progressed = collectResults();
            reapCompletedSends();
            while (!idleWorkers.isEmpty()) {
                JobQueue.Message message = prefetched.poll();
                if (message == null) {
                    break;
                }
                dispatch(message);
                progressed = true;
            }
            if (!progressed) {
                Thread.sleep(2);
            }
        }
        receiver.interrupt();
        housekeeping.shutdownNow();
        housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        status.state("stopped");
    }

    /**
     * Stops taking jobs, hands the fetched but not started ones straight back to the queue, and
     * waits for the running ones to finish and be reported.
     */
    private void drain(Thread receiver) throws MPIException, InterruptedException {
        running = false;
        ClusterLog.info(RANK, "draining", "running", busyWorkers.size());
        // A receive may be on its way: let it land before handing everything fetched back.
        receiver.interrupt();
        long deadline = System.currentTimeMillis() + LONG_POLL.toMillis() + 1000;
        while (receiver.isAlive() && System.currentTimeMillis() < deadline) {
            collectResults();
            Thread.sleep(2);
        }
        JobQueue.Message unstarted;
        int returned = 0;
        while ((unstarted = prefetched.poll()) != null) {
            returned++;
            held.remove(unstarted.receipt());
            try {
                jobs.extendVisibility(unstarted, Duration.ZERO);
            } catch (IOException e) {
                ClusterLog.info(RANK, "sqs-return-failed", "error", e.getMessage());
            }
        }
        while (!busyWorkers.isEmpty()) {
            abortIfARankHung();
            reapCompletedSends();
            if (!collectResults()) {
                Thread.sleep(2);
            }
        }
        ClusterLog.info(RANK, "drained", "returned", returned);
    }

    /**
     * A job past the timeout means its rank (or a rank lent to it) hangs: in a loop, in a stalled
     * read, or stopped. The job comes back through its visibility timeout after the restart, unless
     * it already hung ranks {@link #MAX_HUNG_ATTEMPTS} times: then it fails with the reason, so
     * that one poisonous input cannot keep the cluster restarting.
     */
    private void abortIfARankHung() throws MPIException {
        long now = System.nanoTime();
        for (Map.Entry<Integer, InFlight> busy : busyWorkers.entrySet()) {
            InFlight flight = busy.getValue();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(now - flight.startedNanos());
            if (seconds < jobTimeout.toSeconds()) {
                continue;
            }
            int worker = busy.getKey();
            List<Integer> lent = lentWorkers.getOrDefault(worker, List.of());
            ClusterLog.info(RANK, "rank-hung", "rank", worker, "lent", lent.isEmpty() ? null : lent, "job",
                    flight.job().jobId(), "seconds", seconds, "attempt", flight.message().receiveCount());
            if (flight.message().receiveCount() >= MAX_HUNG_ATTEMPTS) {
                String reason = "did not finish within " + jobTimeout.toSeconds() + " s on " + MAX_HUNG_ATTEMPTS
                        + " attempts; the cluster was restarted each time";
                publish(flight.job().eventsQueue(), JobEvent.failed(flight.job(), worker, reason,
                        TimeUnit.NANOSECONDS.toMillis(now - flight.startedNanos())));
                deadLetter(flight.message(), reason);
            }
            status.state("restarting");
            // Ends every rank; the supervisor starts the MPI job again and counts the restart.
            comm.abort(HUNG_RANK_EXIT);
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

    private void extendHeldMessages() {
        for (JobQueue.Message message : held.values()) {
            try {
                jobs.extendVisibility(message, CloudClients.JOB_VISIBILITY);
            } catch (IOException e) {
                ClusterLog.info(RANK, "sqs-extend-failed", "error", e.getMessage());
            }
        }
    }

    /** Stops taking new work; called from the shutdown hook. */
    void stop() {
        running = false;
    }

    private void receiveJobs() {
        while (running) {
            try {
                int room = prefetched.remainingCapacity();
                if (room == 0) {
                    Thread.sleep(5);
                    continue;
                }
                // While we hold messages their group may be locked, and a long poll would not wake
                // when we delete them: poll briefly then. With nothing held, wait long and cheaply.
                // (5 s rather than SQS's 20: a drain waits for the poll in progress.)
                Duration wait = held.isEmpty() ? LONG_POLL : Duration.ofSeconds(1);
                for (JobQueue.Message message : jobs.receive(Math.min(room, 10), wait)) {
                    if (cancelled(message)) {
                        continue;
                    }
                    held.put(message.receipt(), message);
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

    /**
     * A job its client cancelled before it ran (a marker object, see docs/protocol.md) is answered
     * FAILED with that reason and deleted instead of run. Checked here, on the receiving thread,
     * so that rank 0's loop never waits on S3 for it.
     */
    private boolean cancelled(JobQueue.Message message) {
        JobSpec job;
        try {
            job = JobCodec.decodeJob(message.body());
            if (!clients.objectStore().exists(JobCodec.cancelKey(job.batch(), job.jobId()))) {
                return false;
            }
        } catch (ProtocolException | IOException e) {
            return false; // dispatch deals with what cannot be read; an unknown answer runs the job
        }
        // If its client cannot be told now, the message comes back after its visibility timeout
        // and is answered then; it does not run either way.
        if (publish(job.eventsQueue(), JobEvent.failed(job, RANK, JobCodec.CANCELLED, 0))) {
            try {
                jobs.delete(message);
            } catch (IOException e) {
                ClusterLog.info(RANK, "sqs-delete-failed", "job", job.jobId(), "error", e.getMessage());
            }
            ClusterLog.info(RANK, "job-cancelled", "job", job.jobId());
        }
        return true;
    }

    private void dispatch(JobQueue.Message message) throws MPIException {
        JobSpec job;
        try {
            job = JobCodec.decodeJob(message.body());
        } catch (ProtocolException e) {
            // It can never run: keep it in the dead-letter queue for a person, and tell its sender
            // when the message says who that is.
            String reason = "the cluster cannot read this job: " + e.getMessage();
            JobCodec.failureNotice(message.body(), reason).ifPresent(n -> publish(n.eventsQueue(), n.event()));
            deadLetter(message, reason);
            return;
        }
        for (InFlight running : busyWorkers.values()) {
            if (running.job().jobId().equals(job.jobId())) {
                running.copies().add(message);
                ClusterLog.info(RANK, "job-copy-held", "job", job.jobId(), "receives", message.receiveCount());
                return;
            }
        }
        int worker = idleWorkers.poll();
        busyWorkers.put(worker, new InFlight(job, message, System.nanoTime(), new ArrayList<>()));
        status.busy(busyCount());
        publish(job.eventsQueue(), JobEvent.running(job, worker));
        sendWithoutWaiting(message.body().getBytes(StandardCharsets.UTF_8), worker, Tags.JOB);
        ClusterLog.info(RANK, "job-dispatched", "job", job.jobId(), "worker", worker);
    }

    private boolean collectResults() throws MPIException {
        boolean any = lendIdleWorkers();
        Status status;
        while ((status = comm.iProbe(MPI.ANY_SOURCE, Tags.RESULT)) != null) {
            int worker = status.getSource();
            byte[] payload = new byte[status.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, worker, Tags.RESULT);
            InFlight done = busyWorkers.remove(worker);
            idleWorkers.add(worker);
            // The strips are all back with the leader before it reports: its helpers are free too.
            idleWorkers.addAll(lentWorkers.getOrDefault(worker, List.of()));
            lentWorkers.remove(worker);
            JobEvent event = JobCodec.decodeEvent(new String(payload, StandardCharsets.UTF_8));
            boolean told = publish(done.job().eventsQueue(), event);
            if (event.state() == JobState.RETRYING) {
                // S3 was out of reach: the job goes back to the queue for a later try, sooner the
                // first times; after maxReceives tries SQS moves it to the dead letters.
                putBack(done, Duration.ofSeconds(Math.min(60, 5L * done.message().receiveCount())));
            } else if (told) {
                // The result is in S3 (the worker wrote it before replying) and the client was told:
                // only now is the job message deleted. A crash in between repeats the job, which
                // then finds its result made and says so; nothing is lost.
                deleteQuietly(done.message());
                done.copies().forEach(this::deleteQuietly);
                this.status.finished(event);
            } else {
                // Nobody could be told (SQS unreachable): keep the job; it comes back, finds its
                // result made, and the event is sent then.
                putBack(done, Duration.ofSeconds(5));
            }
            this.status.busy(busyCount());
            any = true;
        }
        return any;
    }

    /**
     * A worker whose image is above the strip size asks for help: it gets every worker idle now
     * (perhaps none: then it filters its strips alone). Waiting for busy ones would idle the rest,
     * and with every worker busy the cluster is as busy as it can be anyway.
     */
    private boolean lendIdleWorkers() throws MPIException {
        boolean any = false;
        Status asked;
        while ((asked = comm.iProbe(MPI.ANY_SOURCE, Tags.HELP_WANTED)) != null) {
            int leader = asked.getSource();
            comm.recv(new byte[0], 0, MPI.BYTE, leader, Tags.HELP_WANTED);
            List<Integer> helpers = new ArrayList<>(idleWorkers);
            idleWorkers.clear();
            lentWorkers.put(leader, helpers);
            java.nio.ByteBuffer ranks = java.nio.ByteBuffer.allocate(4 * helpers.size());
            helpers.forEach(ranks::putInt);
            sendWithoutWaiting(ranks.array(), leader, Tags.HELPERS);
            ClusterLog.info(RANK, "workers-lent", "leader", leader, "job", busyWorkers.get(leader).job().jobId(),
                    "helpers", helpers);
            status.busy(busyCount());
            any = true;
        }
        return any;
    }

    private int busyCount() {
        return busyWorkers.size() + lentWorkers.values().stream().mapToInt(List::size).sum();
    }

    /** Sends an event to its client; false when it could not be sent. */
    private boolean publish(String eventsQueue, JobEvent event) {
        try {
            // The deduplication id holds a random part: a later delivery of the same job must be
            // able to say DONE again within SQS's five-minute window.
            clients.queue(eventsQueue).send(JobCodec.encode(event), event.batch(),
                    event.jobId() + "-" + event.state() + "-" + java.util.UUID.randomUUID());
            return true;
        } catch (IOException e) {
            ClusterLog.info(RANK, "event-undeliverable", "job", event.jobId(), "queue", eventsQueue, "error",
                    e.getMessage());
            return false;
        }
    }

    /** Stops holding a job and its copies, and lets them reappear on the queue after {@code delay}. */
    private void putBack(InFlight flight, Duration delay) {
        List<JobQueue.Message> messages = new ArrayList<>(flight.copies());
        messages.add(flight.message());
        for (JobQueue.Message message : messages) {
            held.remove(message.receipt());
            try {
                jobs.extendVisibility(message, delay);
            } catch (IOException e) {
                // Then it reappears when its visibility timeout runs out, a little later.
                ClusterLog.info(RANK, "sqs-return-failed", "job", flight.job().jobId(), "error", e.getMessage());
            }
        }
        ClusterLog.info(RANK, "job-put-back", "job", flight.job().jobId(), "delay-s", delay.toSeconds());
    }

    /**
     * Moves a job that can never run to the dead-letter queue with its reason. If that fails the
     * message is no longer held: SQS's redrive policy moves it there after its last receive.
     */
    private void deadLetter(JobQueue.Message message, String reason) {
        held.remove(message.receipt());
        try {
            new DeadLetters(clients.deadLetters(), jobs).add(message, reason);
            ClusterLog.info(RANK, "job-dead-lettered", "reason", reason);
        } catch (IOException e) {
            ClusterLog.info(RANK, "dead-letter-failed", "reason", reason, "error", e.getMessage());
        }
    }

    private void deleteQuietly(JobQueue.Message message) {
        held.remove(message.receipt());
        try {
            jobs.delete(message);
        } catch (IOException e) {
            ClusterLog.info(RANK, "sqs-delete-failed", "error", e.getMessage());
        }
    }

    private void sendWithoutWaiting(byte[] payload, int rank, int tag) throws MPIException {
        java.nio.ByteBuffer buffer = MPI.newByteBuffer(Math.max(1, payload.length)).put(payload);
        pendingSends.add(new PendingSend(comm.iSend(buffer, payload.length, MPI.BYTE, rank, tag), buffer));
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
    void stopWorkers(int size) throws MPIException, InterruptedException {
        for (int rank = 1; rank < size; rank++) {
            sendWithoutWaiting(new byte[0], rank, Tags.STOP);
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
