package io.tessera.cluster;

import java.util.concurrent.locks.LockSupport;
import mpi.Comm;
import mpi.MPIException;
import mpi.Status;

/**
 * Waiting for a message without burning a core. Open MPI's blocking probe and receive busy-poll:
 * an idle worker would hold a core at 100% and take it from the S3 and SQS servers and the busy
 * ranks beside it. Polling costs a little too, and many ranks share a core when a cluster is
 * oversubscribed (25 idle ranks polling every millisecond took 0.78 of a core here), so the pause
 * grows from 1 ms to {@value #LONGEST_PAUSE_MILLIS} ms while nothing arrives: a message after a
 * long silence waits at most that long, which no job notices, and one in a busy exchange about 1 ms.
 */
final class Mailbox {
    private static final long FIRST_PAUSE_NANOS = 1_000_000;
    static final long LONGEST_PAUSE_MILLIS = 16;

    private Mailbox() {
    }

    /** Waits until a message from {@code source} with {@code tag} (or the ANY wildcards) has arrived. */
    static Status await(Comm comm, int source, int tag) throws MPIException {
        Backoff backoff = new Backoff(LONGEST_PAUSE_MILLIS);
        Status status;
        while ((status = comm.iProbe(source, tag)) == null) {
            backoff.pause();
        }
        return status;
    }

    /**
     * Waits until a message from {@code source} with one of {@code tags} has arrived: a slot's loop
     * waits so for its own tags, which no other slot of its rank takes.
     */
    static Status awaitAny(Comm comm, int source, int... tags) throws MPIException {
        Backoff backoff = new Backoff(LONGEST_PAUSE_MILLIS);
        while (true) {
            for (int tag : tags) {
                Status status = comm.iProbe(source, tag);
                if (status != null) {
                    return status;
                }
            }
            backoff.pause();
        }
    }

    /**
     * Whether a message from {@code source} with {@code tag} is here, without waiting. It asks
     * twice: Open MPI's iprobe looks among the messages the rank has taken in and, when it finds
     * none, makes progress (takes in what has arrived) without looking again. A slot that made no
     * MPI call for seconds, in a filter, would otherwise miss a cancel notice that had been waiting
     * for it all along (ClusterEndToEndIT's cancel test did, once its result went up on another
     * thread instead of through a blocking send just before).
     */
    static Status arrived(Comm comm, int source, int tag) throws MPIException {
        Status status = comm.iProbe(source, tag);
        return status != null ? status : comm.iProbe(source, tag);
    }

    /** Pauses that double from 1 ms to a longest one while nothing happens, from 1 ms again after something did. */
    static final class Backoff {
        private final long longestNanos;
        private long pauseNanos = FIRST_PAUSE_NANOS;

        Backoff(long longestMillis) {
            this.longestNanos = longestMillis * 1_000_000;
        }

        void pause() {
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(2 * pauseNanos, longestNanos);
        }

        void reset() {
            pauseNanos = FIRST_PAUSE_NANOS;
        }
    }
}
