package io.tessera.cluster;

import io.tessera.cloud.CloudClients;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
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

    private record InFlight(JobSpec job, JobQueue.Message message, long startedNanos) {
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
        long statusEvery = io.tessera.core.job.ClusterStatus.INTERVAL.toMillis();
        housekeeping.scheduleAtFixedRate(status::write, 0, statusEvery, TimeUnit.MILLISECONDS);
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
                publish(flight.job().eventsQueue(), JobEvent.failed(flight.job(), worker,
                        "did not finish within " + jobTimeout.toSeconds() + " s on " + MAX_HUNG_ATTEMPTS
                                + " attempts; the cluster was restarted each time",
                        TimeUnit.NANOSECONDS.toMillis(now - flight.startedNanos())));
                deleteQuietly(flight.message());
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

    private void dispatch(JobQueue.Message message) throws MPIException {
        JobSpec job;
        try {
            job = JobCodec.decodeJob(message.body());
        } catch (ProtocolException e) {
            // Without a readable job there is nobody to tell; log it and drop it rather than
            // let it come back forever. (A dead-letter queue will keep such messages.)
            ClusterLog.info(RANK, "job-rejected", "error", e.getMessage());
            deleteQuietly(message);
            return;
        }
        int worker = idleWorkers.poll();
        busyWorkers.put(worker, new InFlight(job, message, System.nanoTime()));
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
            // The result is in S3 (the worker wrote it before replying): tell the client, then
            // delete the job message. A crash between the two repeats the job, never loses it.
            publish(done.job().eventsQueue(), event);
            deleteQuietly(done.message());
            this.status.finished(event);
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

    private void publish(String eventsQueue, JobEvent event) {
        try {
            clients.queue(eventsQueue).send(JobCodec.encode(event), event.batch(), event.jobId() + "-" + event.state());
        } catch (IOException e) {
            ClusterLog.info(RANK, "event-undeliverable", "job", event.jobId(), "queue", eventsQueue, "error",
                    e.getMessage());
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
