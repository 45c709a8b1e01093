package io.tessera.cluster;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * A rank other than 0: runs the jobs rank 0 hands it, one at a time, and filters strips of other
 * ranks' large images while rank 0 has lent it to them, until told to stop.
 */
final class Worker {
    private final Comm comm;
    private final int rank;
    private final JobRunner runner;
    private final StripsAcrossRanks strips;

    Worker(Comm comm, int rank, JobRunner runner, StripsAcrossRanks strips) {
        this.comm = comm;
        this.rank = rank;
        this.runner = runner;
        this.strips = strips;
    }

    void run() throws MPIException {
        ClusterLog.info(rank, "worker-ready");
        while (true) {
            // Jobs and the stop come from rank 0, strips from whichever rank leads a large image.
            Status status = Mailbox.await(comm, MPI.ANY_SOURCE, MPI.ANY_TAG);
            int source = status.getSource();
            byte[] payload = new byte[status.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, source, status.getTag());
            switch (status.getTag()) {
                case Tags.STOP -> {
                    ClusterLog.info(rank, "worker-stop");
                    return;
                }
                case Tags.STRIP -> {
                    long start = System.nanoTime();
                    strips.help(source, payload);
                    ClusterLog.info(rank, "strip-done", "leader", source, "ms", (System.nanoTime() - start) / 1_000_000);
                }
                case Tags.JOB -> runJob(payload);
                default -> ClusterLog.info(rank, "unexpected-message", "tag", status.getTag(), "from", source);
            }
        }
    }

    private void runJob(byte[] payload) throws MPIException {
        JobSpec job = JobCodec.decodeJob(new String(payload, StandardCharsets.UTF_8));
        ClusterLog.info(rank, "job-start", "job", job.jobId(), "input", job.inputKey());
        JobEvent result = runner.run(job, rank);
        String outcome = result.wasReused() ? "reused" : result.state().name().toLowerCase(Locale.ROOT);
        ClusterLog.info(rank, "job-" + outcome, "job", job.jobId(), "ms", result.millis(), "output",
                result.outputKey(), "error", result.error(), "note", result.wasReused() ? null : result.note());
        byte[] reply = JobCodec.encode(result).getBytes(StandardCharsets.UTF_8);
        comm.send(reply, reply.length, MPI.BYTE, 0, Tags.RESULT);
    }
}
