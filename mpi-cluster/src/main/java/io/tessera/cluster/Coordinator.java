package io.tessera.cluster;

import io.tessera.cloud.CloudClients;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.port.JobQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * Rank 0. A receiver thread keeps a few job messages fetched from SQS ahead of need; the main
 * thread, the only one that touches MPI, hands each to an idle worker, relays the workers'
 * events, and deletes a job message only after its worker reported the result safely in S3.
 */
final class Coordinator {
    private static final int RANK = 0;
    private static final Duration LONG_POLL = Duration.ofSeconds(5);

    private final Comm comm;
    private final CloudClients clients;
    private final JobQueue jobs;
    private final Deque<Integer> idleWorkers = new ArrayDeque<>();
    private final Map<Integer, InFlight> busyWorkers = new HashMap<>();
    private final BlockingQueue<JobQueue.Message> prefetched;
    /** Every received, not yet deleted message, by receipt: kept invisible while it waits or runs. */
    private final Map<String, JobQueue.Message> held = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;

    private record InFlight(JobSpec job, JobQueue.Message message) {
    }

    private final java.nio.file.Path drainFile;

    Coordinator(Comm comm, CloudClients clients, int size, java.nio.file.Path drainFile) throws IOException {
        this.comm = comm;
        this.drainFile = drainFile;
        this.clients = clients;
        this.jobs = clients.jobs();
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
        // A third of the visibility timeout: two extensions may fail before a running job reappears.
        long every = CloudClients.JOB_VISIBILITY.toMillis() / 3;
        var extender = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("sqs-visibility").daemon().factory());
        extender.scheduleAtFixedRate(this::extendHeldMessages, every, every, TimeUnit.MILLISECONDS);
        ClusterLog.info(RANK, "coordinator-ready", "workers", idleWorkers.size(), "queue", jobs);
        long nextDrainCheck = 0;
        while (running) {
            if (drainFile != null && System.currentTimeMillis() >= nextDrainCheck) {
                nextDrainCheck = System.currentTimeMillis() + 200;
                if (java.nio.file.Files.exists(drainFile)) {
                    drain(receiver);
                    break;
                }
            }
            boolean progressed = collectResults();
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
        extender.shutdownNow();
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
            if (!collectResults()) {
                Thread.sleep(2);
            }
        }
        ClusterLog.info(RANK, "drained", "returned", returned);
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
        busyWorkers.put(worker, new InFlight(job, message));
        publish(job.eventsQueue(), JobEvent.running(job, worker));
        byte[] payload = message.body().getBytes(StandardCharsets.UTF_8);
        comm.send(payload, payload.length, MPI.BYTE, worker, Tags.JOB);
        ClusterLog.info(RANK, "job-dispatched", "job", job.jobId(), "worker", worker);
    }

    private boolean collectResults() throws MPIException {
        boolean any = false;
        Status status;
        while ((status = comm.iProbe(MPI.ANY_SOURCE, Tags.RESULT)) != null) {
            int worker = status.getSource();
            byte[] payload = new byte[status.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, worker, Tags.RESULT);
            InFlight done = busyWorkers.remove(worker);
            idleWorkers.add(worker);
            JobEvent event = JobCodec.decodeEvent(new String(payload, StandardCharsets.UTF_8));
            // The result is in S3 (the worker wrote it before replying): tell the client, then
            // delete the job message. A crash between the two repeats the job, never loses it.
            publish(done.job().eventsQueue(), event);
            deleteQuietly(done.message());
            any = true;
        }
        return any;
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

    /** Tells every worker to leave. */
    void stopWorkers(int size) throws MPIException {
        for (int rank = 1; rank < size; rank++) {
            comm.send(new byte[0], 0, MPI.BYTE, rank, Tags.STOP);
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
