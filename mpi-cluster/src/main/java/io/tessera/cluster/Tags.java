package io.tessera.cluster;

/** MPI message tags between the ranks. Payloads are UTF-8 JSON unless said otherwise. */
final class Tags {
    /** rank 0 → worker: a {@code JobSpec} to run. */
    static final int JOB = 1;
    /** worker → rank 0: the final {@code JobEvent} of the job it was given. */
    static final int RESULT = 2;
    /** rank 0 → worker: no more jobs, leave. */
    static final int STOP = 3;
    /** worker → rank 0: my image is large; which idle ranks may filter strips of it? (empty) */
    static final int HELP_WANTED = 4;
    /** rank 0 → that worker: the helpers' ranks (big-endian ints, possibly none), now lent to it. */
    static final int HELPERS = 5;
    /** leader → helper: a {@link StripMessage} with the job and the strip's pixels. */
    static final int STRIP = 6;
    /** helper → leader: a {@link StripMessage} with the filtered strip, or why it failed. */
    static final int STRIP_DONE = 7;

    /**
     * rank 0 → worker: the job id (UTF-8) of the job queued behind its current one, which its client
     * cancelled; the worker answers it CANCELLED instead of starting it, unless it already has.
     */
    static final int CANCEL = 8;

    private Tags() {
    }
}
