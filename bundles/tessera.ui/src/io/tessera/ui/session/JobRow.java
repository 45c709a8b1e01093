package io.tessera.ui.session;

import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.op.PipelineStep;
import java.time.Instant;
import java.util.stream.Collectors;

/** One line of the queue monitor: a job as this workbench knows it, updated by its events. */
public final class JobRow {
    private final JobSpec job;
    private final String image;
    private final Instant submitted = Instant.now();
    private volatile JobState state = JobState.SUBMITTED;
    private volatile int rank = -1;
    private volatile String outputKey;
    private volatile String error;
    private volatile long millis;
    private volatile String localResult;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile boolean cancelRequested;
    /** Counts changes, so that a view can redraw only the rows that changed since it last looked. */
    private volatile int version;

    /** True for a job this session did not submit, known from its events only. */
    private final boolean recovered;

    JobRow(JobSpec job, String image) {
        this(job, image, false);
    }

    private JobRow(JobSpec job, String image, boolean recovered) {
        this.job = job;
        this.image = image;
        this.recovered = recovered;
    }

    /** A row for a job this session did not submit: what its event tells is all there is. */
    static JobRow recovered(JobEvent event) {
        JobSpec known = new JobSpec(event.version(), event.jobId(), event.batch(), event.inputKey(), null, null,
                java.util.List.of());
        return new JobRow(known, event.inputKey().substring(event.inputKey().lastIndexOf('/') + 1), true);
    }

    /** Applies an event; events may arrive twice or out of order, and a final state stays final. */
    synchronized void apply(JobEvent event) {
        if (state.isFinal() && !event.state().isFinal()) {
            return;
        }
        if (event.state() == JobState.RUNNING && started == null) {
            started = Instant.now();
        }
        if (event.state().isFinal() && finished == null) {
            finished = Instant.now();
            // A job over within the cluster's RUNNING linger (0.3 s) has no RUNNING event: the
            // time its worker gave it says when it began. A cancelled job never began.
            if (started == null && event.rank() > 0 && event.state() != JobState.CANCELLED) {
                started = finished.minusMillis(event.millis());
            }
        }
        state = event.state();
        rank = event.rank();
        if (event.outputKey() != null) {
            outputKey = event.outputKey();
        }
        // A reason belongs to the state that gave it: RETRYING's is gone once the job runs again.
        error = event.error();
        millis = event.millis();
        version++;
    }

    void cancelRequested() {
        cancelRequested = true;
        version++;
    }

    public int version() {
        return version;
    }

    /** The user cancelled the job; until the cluster answers, it is still waiting in the queue. */
    public boolean isCancelRequested() {
        return cancelRequested;
    }

    void setLocalResult(String workspacePath) {
        this.localResult = workspacePath;
        version++;
    }

    public String jobId() {
        return job.jobId();
    }

    public String batch() {
        return job.batch();
    }

    public String image() {
        return image;
    }

    /** The pipeline as text; empty for a job recovered from an earlier session. */
    public String pipeline() {
        return job.pipeline().stream().map(PipelineStep::summary).collect(Collectors.joining(" → "));
    }

    public JobState state() {
        return state;
    }

    public int rank() {
        return rank;
    }

    public String outputKey() {
        return outputKey;
    }

    public String error() {
        return error;
    }

    public long millis() {
        return millis;
    }

    /** The job as it was sent: input, pipeline and where its result goes. */
    public JobSpec spec() {
        return job;
    }

    /**
     * When this workbench learned that a rank started the job, or for a job that ended before it
     * was told, when it ended less its worker's time; null before (and for a job that never ran).
     */
    public Instant started() {
        return started;
    }

    /** When this workbench learned the job's final state; null before. */
    public Instant finished() {
        return finished;
    }

    public Instant submitted() {
        return submitted;
    }

    /** Workspace path of the fetched result, once it is in the project tree. */
    /** Whether this session submitted the job (false: it is known from events of an earlier session). */
    public boolean submittedHere() {
        return !recovered;
    }

    public String localResult() {
        return localResult;
    }
}
