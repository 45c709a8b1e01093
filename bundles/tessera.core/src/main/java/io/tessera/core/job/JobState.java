package io.tessera.core.job;

/**
 * Where a job stands. {@link #DONE} and {@link #FAILED} are final. {@link #RETRYING}: its rank
 * could not reach S3, so the job went back to the queue and will run again shortly.
 */
public enum JobState {
    SUBMITTED, RUNNING, RETRYING, DONE, FAILED;

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
