package io.tessera.cluster;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.port.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * A rank other than 0: runs the jobs rank 0 hands it, one at a time, and filters strips of other
 * ranks' large images while rank 0 has lent it to them, until told to stop. Rank 0 queues a job
 * behind the running one; the worker takes it in between phases and fetches its input from S3 on
 * a thread of its own, so that the next job starts with its input at hand.
 */
final class Worker {
    private final Comm comm;
    private final int rank;
    private final JobRunner runner;
    private final StripsAcrossRanks strips;
    private final ObjectStore store;
    private final ExecutorService inputFetcher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("input-fetcher").daemon().factory());
    /** The job rank 0 queued behind the current one, once taken from the mailbox. */
    private Next next;
    /** Jobs rank 0 said were cancelled; only the one about to start can be among them. */
    private final java.util.Set<String> cancelled = new java.util.HashSet<>();

    private record Next(JobSpec job, Future<byte[]> input) {
    }

    Worker(Comm comm, int rank, JobRunner runner, StripsAcrossRanks strips, ObjectStore store) {
        this.comm = comm;
        this.rank = rank;
        this.runner = runner;
        this.strips = strips;
        this.store = store;
    }

    void run() throws MPIException {
        ClusterLog.info(rank, "worker-ready");
        while (true) {
            if (next != null) {
                Next job = next;
                next = null;
                runJob(job);
                continue;
            }
            // Jobs and the stop come from rank 0, strips from whichever rank leads a large image.
            Status status = Mailbox.await(comm, MPI.ANY_SOURCE, MPI.ANY_TAG);
            int source = status.getSource();
            byte[] payload = new byte[status.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, source, status.getTag());
            switch (status.getTag()) {
                case Tags.STOP -> {
                    ClusterLog.info(rank, "worker-stop");
                    inputFetcher.shutdownNow();
                    return;
                }
                case Tags.STRIP -> {
                    long start = System.nanoTime();
                    strips.help(source, payload);
                    ClusterLog.info(rank, "strip-done", "leader", source, "ms", (System.nanoTime() - start) / 1_000_000);
                }
                case Tags.JOB -> runJob(new Next(decode(payload), null));
                case Tags.CANCEL -> cancelled.add(new String(payload, StandardCharsets.UTF_8)); // too late, mostly
                default -> ClusterLog.info(rank, "unexpected-message", "tag", status.getTag(), "from", source);
            }
        }
    }

    /** Takes the queued job from the mailbox if it has arrived, and starts fetching its input. */
    private void lookAhead() {
        if (next != null) {
            return;
        }
        try {
            Status queued = comm.iProbe(0, Tags.JOB);
            if (queued == null) {
                return;
            }
            byte[] payload = new byte[queued.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, 0, Tags.JOB);
            JobSpec job = decode(payload);
            next = new Next(job, inputFetcher.submit(() -> store.get(job.inputKey())));
        } catch (MPIException e) {
            throw new IllegalStateException("MPI failed while looking for the next job", e);
        }
    }

    private void runJob(Next job) throws MPIException {
        JobSpec spec = job.job();
        if (cancelledBeforeStart(spec)) {
            if (job.input() != null) {
                job.input().cancel(true);
            }
            ClusterLog.info(rank, "job-cancelled", "job", spec.jobId());
            report(JobEvent.cancelled(spec, rank));
            return;
        }
        ClusterLog.info(rank, "job-start", "job", spec.jobId(), "input", spec.inputKey(), "prefetched",
                job.input() != null && job.input().isDone() ? true : null);
        JobRunner.Input input = job.input() == null ? () -> store.get(spec.inputKey()) : () -> fetched(job.input());
        ThreadTime before = ThreadTime.now();
        JobEvent result = runner.run(spec, rank, input, this::lookAhead);
        ThreadTime spent = ThreadTime.now().since(before);
        lookAhead();
        String outcome = result.wasReused() ? "reused" : result.state().name().toLowerCase(Locale.ROOT);
        ClusterLog.info(rank, "job-" + outcome, "job", spec.jobId(), "ms", result.millis(), "cpu-ms", spent.cpuMillis(),
                "core-wait-ms", spent.coreWaitMillis(), "output", result.outputKey(), "error", result.error(), "note",
                result.wasReused() ? null : result.note());
        report(result);
    }

    /** Tells rank 0 how the job it gave this rank ended. */
    private void report(JobEvent event) throws MPIException {
        byte[] reply = JobCodec.encode(event).getBytes(StandardCharsets.UTF_8);
        comm.send(reply, reply.length, MPI.BYTE, 0, Tags.RESULT);
    }

    /**
     * Takes rank 0's cancel notices from the mailbox and says whether {@code job}, about to start,
     * is among them. Notices for jobs that started before theirs arrived are dropped here: rank 0
     * sends one only for the job queued behind the current one, so none can concern a later job.
     */
    private boolean cancelledBeforeStart(JobSpec job) throws MPIException {
        Status notice;
        while ((notice = comm.iProbe(0, Tags.CANCEL)) != null) {
            byte[] payload = new byte[notice.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, 0, Tags.CANCEL);
            cancelled.add(new String(payload, StandardCharsets.UTF_8));
        }
        boolean stop = cancelled.contains(job.jobId());
        cancelled.clear();
        return stop;
    }

    /** The prefetched input, or the failure of fetching it, as if it were read now. */
    private static byte[] fetched(Future<byte[]> input) throws IOException {
        try {
            return input.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot read the input: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the input");
        }
    }

    private static JobSpec decode(byte[] payload) {
        return JobCodec.decodeJob(new String(payload, StandardCharsets.UTF_8));
    }
}
