package io.tessera.cluster;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import java.nio.charset.StandardCharsets;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/** A rank other than 0: runs the jobs rank 0 hands it, one at a time, until told to stop. */
final class Worker {
    private final Comm comm;
    private final int rank;
    private final JobRunner runner;

    Worker(Comm comm, int rank, JobRunner runner) {
        this.comm = comm;
        this.rank = rank;
        this.runner = runner;
    }

    void run() throws MPIException {
        ClusterLog.info(rank, "worker-ready");
        while (true) {
            Status status = comm.probe(0, MPI.ANY_TAG);
            byte[] payload = new byte[status.getCount(MPI.BYTE)];
            comm.recv(payload, payload.length, MPI.BYTE, 0, status.getTag());
            if (status.getTag() == Tags.STOP) {
                ClusterLog.info(rank, "worker-stop");
                return;
            }
            JobSpec job = JobCodec.decodeJob(new String(payload, StandardCharsets.UTF_8));
            ClusterLog.info(rank, "job-start", "job", job.jobId(), "input", job.inputKey());
            JobEvent result = runner.run(job, rank);
            String outcome = result.note() != null ? "reused" : result.state().name().toLowerCase(java.util.Locale.ROOT);
            ClusterLog.info(rank, "job-" + outcome, "job", job.jobId(), "ms", result.millis(), "output",
                    result.outputKey(), "error", result.error());
            byte[] reply = JobCodec.encode(result).getBytes(StandardCharsets.UTF_8);
            comm.send(reply, reply.length, MPI.BYTE, 0, Tags.RESULT);
        }
    }
}
