package io.tessera.cluster;

import java.util.concurrent.locks.LockSupport;
import mpi.Comm;
import mpi.MPIException;
import mpi.Status;

/**
 * Waiting for a message without burning a core. Open MPI's blocking probe and receive busy-poll:
 * an idle worker would hold a core at 100% and take it from the S3 and SQS servers and the busy
 * ranks beside it. Polling every millisecond costs at most a millisecond per message, which no job
 * notices.
 */
final class Mailbox {
    private static final long PAUSE_NANOS = 1_000_000;

    private Mailbox() {
    }

    /** Waits until a message from {@code source} with {@code tag} (or the ANY wildcards) has arrived. */
    static Status await(Comm comm, int source, int tag) throws MPIException {
        Status status;
        while ((status = comm.iProbe(source, tag)) == null) {
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return status;
    }
}
