package io.tessera.core.job;

/** Where a job stands. {@link #DONE} and {@link #FAILED} are final. */
public enum JobState {
    SUBMITTED, RUNNING, DONE, FAILED;

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
