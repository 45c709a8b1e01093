package io.tessera.core.job;

/**
 * Where a job stands. {@link #DONE}, {@link #FAILED} and {@link #CANCELLED} are final.
 * {@link #RETRYING}: its rank could not reach S3, so the job went back to the queue and will run
 * again shortly. {@link #CANCELLED}: its client cancelled it before a rank started it; not a
 * failure, and counted apart from failures everywhere.
 */
public enum JobState {
    SUBMITTED, RUNNING, RETRYING, DONE, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
