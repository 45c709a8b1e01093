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
 * A slot of a rank other than 0: runs the jobs rank 0 hands it, one at a time, and filters strips
 * of other slots' large images while rank 0 has lent it to them, until told to stop. Rank 0 queues
 * a job behind the running one; the slot takes it in between phases and fetches its input from S3
 * on a thread of its own, so that the next job starts with its input at hand. The same way round,
 * a job's result goes up to S3 on a thread of its own while the next job computes, and that thread
 * reports the job once its result is stored; the slot waits for it only before it reports or
 * uploads again, so that rank 0 hears of the jobs in the order it handed them out. A rank runs one
 * such loop per slot, each on its own thread, each receiving only its own tags ({@link Tags}).
 */
final class Worker implements Runnable {
    private final Comm comm;
    private final WorkerSlot self;
    private final boolean severalSlots;
    private final int rank;
    private final JobRunner runner;
    private final StripsAcrossRanks strips;
    private final ObjectStore store;
    private final ExecutorService inputFetcher;
    /** Stores and reports a computed job while the next computes; null where MPI allows one thread only. */
    private final ExecutorService resultUploader;
    /** The previous job's storing and report, while it is under way. */
    private Future<?> behind;
    /** The job rank 0 queued behind the current one, once taken from the mailbox. */
    private Next next;
    /** Jobs rank 0 said were cancelled; only the one about to start can be among them. */
    private final java.util.Set<String> cancelled = new java.util.HashSet<>();

    private record Next(HandedJob job, Future<byte[]> input) {
    }

    /**
     * @param uploadBehind whether results may be stored and reported from a thread of their own:
     *                     MPI must allow every thread to call it (MPI_THREAD_MULTIPLE)
     */
    Worker(Comm comm, WorkerSlot self, int slotsPerRank, JobRunner runner, StripsAcrossRanks strips,
            ObjectStore store, boolean uploadBehind) {
        this.comm = comm;
        this.self = self;
        this.severalSlots = slotsPerRank > 1;
        this.rank = self.rank();
        this.runner = runner;
        this.strips = strips;
        this.store = store;
        this.inputFetcher = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("input-fetcher-" + self.slot()).daemon().factory());
        this.resultUploader = uploadBehind ? Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("result-uploader-" + self.slot()).daemon().factory()) : null;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (MPIException | RuntimeException | Error e) {
            // MPI failed, or this slot did past its job's own error handling: as when a rank of one
            // slot dies, the process ends and Open MPI ends the MPI job, which the supervisor starts
            // again; this slot's jobs come back to the queue. A slot left dead in a live rank would
            // hold its jobs until their timeout instead.
            log("worker-failed", "error", String.valueOf(e));
            e.printStackTrace();
            Runtime.getRuntime().halt(70);
        }
    }

    private void loop() throws MPIException {
        log("worker-ready", "uploads", resultUploader == null ? "in-line" : "behind");
        int[] mine = {Tags.of(Tags.JOB, self.slot()), Tags.of(Tags.STRIP, self.slot()),
                Tags.of(Tags.CANCEL, self.slot()), Tags.of(Tags.STOP, self.slot())};
        while (true) {
            if (next != null) {
                Next job = next;
                next = null;
                runJob(job);
                continue;
            }
            // Nothing to compute: the last result is stored and reported before the slot idles.
            awaitBehind();
            // Jobs and the stop come from rank 0, strips from whichever slot leads a large image.
            Status status = Mailbox.awaitAny(comm, MPI.ANY_SOURCE, mine);
            int source = status.getSource();
            byte[] payload = new byte[status.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, source, status.getTag());
            switch (Tags.kind(status.getTag())) {
                case Tags.STOP -> {
                    log("worker-stop");
                    inputFetcher.shutdownNow();
                    if (resultUploader != null) {
                        resultUploader.shutdown();
                    }
                    return;
                }
                case Tags.STRIP -> {
                    long start = System.nanoTime();
                    strips.help(source, payload);
                    log("strip-done", "leader", source, "ms", (System.nanoTime() - start) / 1_000_000);
                }
                case Tags.JOB -> runJob(new Next(HandedJob.decode(payload), null));
                case Tags.CANCEL -> cancelled.add(new String(payload, StandardCharsets.UTF_8)); // too late, mostly
                default -> log("unexpected-message", "tag", status.getTag(), "from", source);
            }
        }
    }

    /** Takes the queued job from the mailbox if it has arrived, and starts fetching its input. */
    private void lookAhead() {
        if (next != null) {
            return;
        }
        try {
            int jobTag = Tags.of(Tags.JOB, self.slot());
            Status queued = Mailbox.arrived(comm, 0, jobTag);
            if (queued == null) {
                return;
            }
            byte[] payload = new byte[queued.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, 0, jobTag);
            HandedJob job = HandedJob.decode(payload);
            next = new Next(job, inputFetcher.submit(() -> store.get(job.spec().inputKey())));
        } catch (MPIException e) {
            throw new IllegalStateException("MPI failed while looking for the next job", e);
        }
    }

    private void runJob(Next job) throws MPIException {
        JobSpec spec = job.job().spec();
        if (cancelledBeforeStart(spec)) {
            if (job.input() != null) {
                job.input().cancel(true);
            }
            log("job-cancelled", "job", spec.jobId());
            awaitBehind();
            report(JobEvent.cancelled(spec, rank));
            return;
        }
        log("job-start", "job", spec.jobId(), "input", spec.inputKey(), "prefetched",
                job.input() != null && job.input().isDone() ? true : null);
        JobRunner.Input input = job.input() == null ? () -> store.get(spec.inputKey()) : () -> fetched(job.input());
        ThreadTime before = ThreadTime.now();
        // Strips borrow idle slots, which rank 0 counts by the jobs reported: the one behind first.
        JobRunner.Stored computed = runner.compute(job.job(), rank, input, this::lookAhead, this::awaitBehindUnchecked);
        ThreadTime computing = ThreadTime.now().since(before);
        lookAhead();
        awaitBehind();
        if (resultUploader == null) {
            storeAndReport(spec, computed, computing);
        } else {
            behind = resultUploader.submit(() -> {
                storeAndReport(spec, computed, computing);
                return null;
            });
        }
    }

    /** Stores the job's result, then logs and reports how it ended; its CPU is the computing's and the storing's. */
    private void storeAndReport(JobSpec spec, JobRunner.Stored computed, ThreadTime computing) throws MPIException {
        ThreadTime before = ThreadTime.now();
        JobEvent result = computed.store();
        ThreadTime spent = computing.plus(ThreadTime.now().since(before));
        String outcome = result.wasReused() ? "reused" : result.state().name().toLowerCase(Locale.ROOT);
        log("job-" + outcome, "job", spec.jobId(), "ms", result.millis(), "cpu-ms", spent.cpuMillis(),
                "core-wait-ms", spent.coreWaitMillis(), "output", result.outputKey(), "error", result.error(), "note",
                result.wasReused() ? null : result.note());
        report(result);
    }

    /** Waits until the previous job's result is stored and reported. */
    private void awaitBehind() throws MPIException {
        if (behind == null) {
            return;
        }
        try {
            behind.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the previous result was being stored", e);
        } catch (ExecutionException e) {
            // Its storing turns every failure into an event: what is left is MPI's or a bug.
            switch (e.getCause()) {
                case MPIException mpi -> throw mpi;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("storing the previous result failed", e.getCause());
            }
        } finally {
            behind = null;
        }
    }

    private void awaitBehindUnchecked() {
        try {
            awaitBehind();
        } catch (MPIException e) {
            throw new IllegalStateException("MPI failed while the previous job was reported", e);
        }
    }

    /** Tells rank 0 how the job it gave this rank ended. */
    private void report(JobEvent event) throws MPIException {
        byte[] reply = JobCodec.encode(event).getBytes(StandardCharsets.UTF_8);
        comm.send(reply, reply.length, MPI.BYTE, 0, Tags.of(Tags.RESULT, self.slot()));
    }

    private void log(String event, Object... keyValues) {
        ClusterLog.info(self, severalSlots, event, keyValues);
    }

    /**
     * Takes rank 0's cancel notices from the mailbox and says whether {@code job}, about to start,
     * is among them. Notices for jobs that started before theirs arrived are dropped here: rank 0
     * sends one only for the job queued behind the current one, so none can concern a later job.
     */
    private boolean cancelledBeforeStart(JobSpec job) throws MPIException {
        Status notice;
        int cancelTag = Tags.of(Tags.CANCEL, self.slot());
        while ((notice = Mailbox.arrived(comm, 0, cancelTag)) != null) {
            byte[] payload = new byte[notice.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, 0, cancelTag);
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
}
