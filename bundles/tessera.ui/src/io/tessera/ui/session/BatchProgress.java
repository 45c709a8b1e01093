package io.tessera.ui.session;

import io.tessera.core.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far one batch has come, from the rows of its jobs: how many are done, failed, cancelled,
 * running and waiting, and how fast it goes (jobs finished per second since the batch was
 * submitted; cancelled ones are not throughput).
 */
public record BatchProgress(String batch, int jobs, int done, int failed, int cancelled, int running,
        double perSecond) {

    /** The batches of these rows, the most recently submitted first. */
    public static List<BatchProgress> of(Collection<JobRow> rows) {
        Map<String, List<JobRow>> byBatch = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparing(JobRow::submitted).reversed())
                .forEach(row -> byBatch.computeIfAbsent(row.batch(), b -> new ArrayList<>()).add(row));
        List<BatchProgress> progress = new ArrayList<>();
        byBatch.forEach((batch, jobs) -> progress.add(of(batch, jobs)));
        return progress;
    }

    private static BatchProgress of(String batch, List<JobRow> jobs) {
        int done = count(jobs, JobState.DONE);
        int failed = count(jobs, JobState.FAILED);
        int cancelled = count(jobs, JobState.CANCELLED);
        int running = count(jobs, JobState.RUNNING);
        Instant start = jobs.stream().map(JobRow::submitted).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = jobs.stream().filter(j -> j.state() != JobState.CANCELLED).map(JobRow::finished)
                .filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        double seconds = last == null ? 0 : Math.max(0.001, Duration.between(start, last).toMillis() / 1000.0);
        return new BatchProgress(batch, jobs.size(), done, failed, cancelled, running,
                last == null ? 0 : (done + failed) / seconds);
    }

    private static int count(List<JobRow> jobs, JobState state) {
        return (int) jobs.stream().filter(j -> j.state() == state).count();
    }

    /** e.g. {@code batch-…: 4 of 6 done, 1 failed, 1 cancelled, 1 running · 2.1 jobs/s}. */
    public String summary() {
        StringBuilder text = new StringBuilder(batch).append(": ").append(done).append(" of ").append(jobs).append(" done");
        if (failed > 0) {
            text.append(", ").append(failed).append(" failed");
        }
        if (cancelled > 0) {
            text.append(", ").append(cancelled).append(" cancelled");
        }
        if (running > 0) {
            text.append(", ").append(running).append(" running");
        }
        int waiting = jobs - done - failed - cancelled - running;
        if (waiting > 0) {
            text.append(", ").append(waiting).append(" waiting");
        }
        if (perSecond > 0) {
            text.append(String.format(Locale.ROOT, " · %.1f jobs/s", perSecond));
        }
        return text.toString();
    }

    /** The fraction of the batch that has ended, for a progress bar. */
    public int percentEnded() {
        return jobs == 0 ? 0 : (int) Math.round(100.0 * (done + failed + cancelled) / jobs);
    }
}
