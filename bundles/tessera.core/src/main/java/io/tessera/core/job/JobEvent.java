package io.tessera.core.job;

/**
 * What happened to a job: the body of a message on an events queue.
 *
 * @param version   protocol version, {@link JobCodec#VERSION}
 * @param jobId     the job this is about
 * @param batch     the job's batch
 * @param inputKey  the job's input
 * @param state     the job's new state
 * @param rank      the MPI rank that runs or ran it; -1 when no rank is involved
 * @param outputKey the result's key, once {@link JobState#DONE}
 * @param error     a sentence a person can read, once {@link JobState#FAILED} or {@link JobState#CANCELLED}
 * @param millis    processing time on the rank (download, filter, upload); 0 before that
 * @param note      something worth knowing about a DONE job, e.g. that it was not recomputed; or null
 * @param phases    where the rank's time went, in milliseconds by phase (s3-get, decode, filter,
 *                  encode, s3-put); empty until the rank reports
 * @param host      the host the rank runs on, as MPI names it; null when no rank is involved (and
 *                  in events of clusters older than this field)
 */
public record JobEvent(int version, String jobId, String batch, String inputKey, JobState state, int rank,
        String outputKey, String error, long millis, String note, java.util.Map<String, Long> phases, String host) {

    public JobEvent {
        phases = phases == null ? java.util.Map.of() : java.util.Map.copyOf(phases);
    }

    /** The same event with the rank's phase timings attached. */
    public JobEvent withPhases(java.util.Map<String, Long> measured) {
        return new JobEvent(version, jobId, batch, inputKey, state, rank, outputKey, error, millis, note, measured,
                host);
    }

    /** The same event saying on which host its rank runs. */
    public JobEvent withHost(String name) {
        return new JobEvent(version, jobId, batch, inputKey, state, rank, outputKey, error, millis, note, phases, name);
    }

    /** The same event with a note for the user, e.g. how a large image was spread over ranks. */
    public JobEvent withNote(String text) {
        return new JobEvent(version, jobId, batch, inputKey, state, rank, outputKey, error, millis, text, phases, host);
    }

    public static JobEvent running(JobSpec job, int rank) {
        return new JobEvent(JobCodec.VERSION, job.jobId(), job.batch(), job.inputKey(), JobState.RUNNING, rank,
                null, null, 0, null, null, null);
    }

    public static JobEvent done(JobSpec job, int rank, String outputKey, long millis) {
        return new JobEvent(JobCodec.VERSION, job.jobId(), job.batch(), job.inputKey(), JobState.DONE, rank,
                outputKey, null, millis, null, null, null);
    }

    /** The note of a job found already done. */
    private static final String REUSED = "already done: the result in the bucket has the same input and pipeline";

    /** A redelivered job whose result is already in the bucket, made from the same input and pipeline. */
    public static JobEvent reused(JobSpec job, int rank, String outputKey, long millis) {
        return new JobEvent(JobCodec.VERSION, job.jobId(), job.batch(), job.inputKey(), JobState.DONE, rank,
                outputKey, null, millis, REUSED, null, null);
    }

    /** True for a redelivered job that was not computed again. */
    public boolean wasReused() {
        return REUSED.equals(note);
    }

    /** The rank could not reach the storage; the job goes back to the queue. */
    public static JobEvent retrying(JobSpec job, int rank, String reason, long millis) {
        return new JobEvent(JobCodec.VERSION, job.jobId(), job.batch(), job.inputKey(), JobState.RETRYING, rank,
                null, reason, millis, null, null, null);
    }

    /** Its client cancelled it, and no rank started it: it never will. */
    public static JobEvent cancelled(JobSpec job, int rank) {
        return new JobEvent(JobCodec.VERSION, job.jobId(), job.batch(), job.inputKey(), JobState.CANCELLED, rank,
                null, JobCodec.CANCELLED, 0, null, null, null);
    }

    public static JobEvent failed(JobSpec job, int rank, String error, long millis) {
        return new JobEvent(JobCodec.VERSION, job.jobId(), job.batch(), job.inputKey(), JobState.FAILED, rank,
                null, error, millis, null, null, null);
    }
}
