package io.tessera.cluster;

/** MPI message tags between rank 0 and the workers. Payloads are UTF-8 JSON. */
final class Tags {
    /** rank 0 → worker: a {@code JobSpec} to run. */
    static final int JOB = 1;
    /** worker → rank 0: the final {@code JobEvent} of the job it was given. */
    static final int RESULT = 2;
    /** rank 0 → worker: no more jobs, leave. */
    static final int STOP = 3;

    private Tags() {
    }
}
