package io.tessera.cli;

import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.ResultFiles;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What {@code process} and {@code fetch} do with each event of a batch: fetch a result the moment
 * its job is done, say what failed and why, count, and keep the live progress line current. Jobs'
 * last known states are kept for the {@link BatchRecord} that a Ctrl+C leaves behind.
 */
final class ResultsFollower implements Consumer<JobEvent> {
    private final PrintStream out;
    private final BatchClient client;
    private final ResultFiles results;
    private final boolean provenance;
    private final Terminal.Output output;
    private final ProgressLine progress;
    private final Map<String, Path> inputOf;
    private final Map<String, BatchRecord.Job> latest = new ConcurrentHashMap<>();
    private final Map<String, BatchRecord.Job> jobs;
    private final Invocation invocation;
    private final List<IOException> fetchErrors = new ArrayList<>();
    private int done;
    private int failed;
    private int cancelled;

    ResultsFollower(PrintStream out, BatchClient client, ResultFiles results, boolean provenance,
            Terminal.Output output, ProgressLine progress, Map<String, BatchRecord.Job> jobs, Invocation invocation) {
        this.out = out;
        this.client = client;
        this.results = results;
        this.provenance = provenance;
        this.output = output;
        this.progress = progress;
        this.jobs = jobs;
        this.invocation = invocation;
        this.inputOf = new ConcurrentHashMap<>();
        jobs.forEach((id, job) -> inputOf.put(id, invocation.shown(Path.of(job.input()))));
    }

    @Override
    public void accept(JobEvent event) {
        Path input = inputOf.get(event.jobId());
        switch (event.state()) {
            case RUNNING -> progress.detail("tessera: " + input + ": running on rank " + where(event));
            case RETRYING -> progress.detail("tessera: " + input + ": back in the queue, to run again shortly: "
                    + event.error());
            case DONE -> {
                try {
                    fetched(input, event.outputKey(), "rank " + where(event) + ", " + event.millis() + " ms");
                    done++;
                } catch (IOException e) {
                    fetchErrors.add(e);
                    progress.always("tessera: cannot fetch the result of " + input + ": " + e.getMessage());
                }
            }
            case FAILED -> {
                failed++;
                progress.always("tessera: FAILED " + input + ": " + event.error());
            }
            case CANCELLED -> {
                cancelled++;
                progress.always("tessera: cancelled " + input + " (not run, no result)");
            }
            default -> {
            }
        }
        BatchRecord.Job job = jobs.get(event.jobId());
        if (job != null) {
            latest.put(event.jobId(), job.with(event.state(), event.error()));
        }
        progress.counts(done, failed, cancelled);
    }

    /** A result stored while nobody followed the batch, found by {@code fetch}. */
    void foundStored(BatchRecord.Job job, String outputKey) {
        Path input = invocation.shown(Path.of(job.input()));
        try {
            fetched(input, outputKey, "done while not followed");
            done++;
            latest.put(job.jobId(), job.with(JobState.DONE, null));
        } catch (IOException e) {
            fetchErrors.add(e);
            progress.always("tessera: cannot fetch the result of " + input + ": " + e.getMessage());
        }
        progress.counts(done, failed, cancelled);
    }

    private void fetched(Path input, String outputKey, String how) throws IOException {
        BatchClient.Fetched fetched = client.fetch(outputKey, results, provenance);
        ResultFiles.Placed result = fetched.result();
        sayKept(result);
        if (fetched.provenance() != null) {
            sayKept(fetched.provenance());
        }
        // The list of results is the command's output: on a terminal the progress line stands for
        // it unless --verbose asks for both; piped or redirected, it is always written.
        if (output.listResults()) {
            out.println(input + " -> " + invocation.shown(result.path()) + " (" + how + ")");
        }
    }

    private void sayKept(ResultFiles.Placed placed) {
        for (ResultFiles.Kept kept : placed.kept()) {
            progress.always("tessera: kept " + invocation.shown(kept.file()) + " (" + kept.why() + "); wrote "
                    + placed.path().getFileName() + " beside it");
        }
    }

    /** The rank of an event, and its host (events of older clusters have none). */
    private static String where(JobEvent event) {
        return event.rank() + (event.host() != null ? " on " + event.host() : "");
    }

    Map<String, BatchRecord.Job> latest() {
        return latest;
    }

    int done() {
        return done;
    }

    int failed() {
        return failed;
    }

    int cancelled() {
        return cancelled;
    }

    List<IOException> fetchErrors() {
        return fetchErrors;
    }
}
