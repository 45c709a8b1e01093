package io.tessera.ui.session;

import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.SafeNames;
import io.tessera.core.job.JobState;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Work sent again from what is already in the bucket: results run again from their provenance,
 * failed jobs retried. Nothing is uploaded; the new jobs join the job board.
 */
public final class Reruns {
    /** The catalogue of the moment: a reload of the plugins replaces it. */
    private final Supplier<OperationCatalog> catalog;
    private final Connection connection;
    private final JobBoard board;

    public Reruns(Supplier<OperationCatalog> catalog, Connection connection, JobBoard board) {
        this.catalog = catalog;
        this.connection = connection;
        this.board = board;
    }

    /**
     * Runs each result's recorded pipeline again on its recorded input, read from the provenance
     * record beside it: one new batch per distinct pipeline. Results without a provenance record
     * are named in the exception.
     */
    public Job rerun(List<Path> results) throws IOException {
        Map<List<PipelineStep>, List<String>> inputs = new LinkedHashMap<>();
        List<String> without = new ArrayList<>();
        for (Path result : results) {
            Optional<Provenance> record = ResultRecords.of(result);
            if (record.isEmpty()) {
                without.add(result.getFileName().toString());
                continue;
            }
            Provenance provenance = record.get();
            addInput(inputs, provenance.pipeline(), provenance.inputKey());
        }
        if (!without.isEmpty()) {
            throw new IOException("no provenance record beside " + String.join(", ", without)
                    + ": only results Tessera made can be run again");
        }
        return resubmit("Running again", inputs);
    }

    /**
     * Submits the failed jobs of this session again, each with its own pipeline, as new batches.
     * Jobs recovered from an earlier session are left out: their events do not carry the pipeline.
     *
     * @return the Job, or null when no failed job can be retried
     */
    public Job retryFailed() {
        Map<List<PipelineStep>, List<String>> inputs = new LinkedHashMap<>();
        for (JobRow row : board.jobs()) {
            if (retryable(row)) {
                addInput(inputs, row.spec().pipeline(), row.spec().inputKey());
            }
        }
        return inputs.isEmpty() ? null : resubmit("Retrying failed jobs", inputs);
    }

    /** How many failed jobs {@link #retryFailed()} would submit again. */
    public long retryableFailures() {
        return board.jobs().stream().filter(Reruns::retryable).count();
    }

    private static boolean retryable(JobRow row) {
        return row.state() == JobState.FAILED && !row.spec().pipeline().isEmpty();
    }

    private static void addInput(Map<List<PipelineStep>, List<String>> inputs, List<PipelineStep> pipeline, String inputKey) {
        List<String> keys = inputs.computeIfAbsent(pipeline, p -> new ArrayList<>());
        if (!keys.contains(inputKey)) {
            keys.add(inputKey);
        }
    }

    private Job resubmit(String what, Map<List<PipelineStep>, List<String>> inputsByPipeline) {
        OperationCatalog operations = catalog.get(); // one catalogue for the whole re-run, reloads or not
        inputsByPipeline.keySet().forEach(operations::validate);
        int count = inputsByPipeline.values().stream().mapToInt(List::size).sum();
        Job job = Job.create(what + ": " + count + " image(s)", monitor -> {
            try {
                BatchClient client = connection.batchClient(operations);
                for (Map.Entry<List<PipelineStep>, List<String>> group : inputsByPipeline.entrySet()) {
                    client.resubmit(BatchClient.newBatchName(), group.getValue(), group.getKey(),
                            spec -> board.submitted(spec, SafeNames.lastSegmentOf(spec.inputKey())));
                }
                return Status.OK_STATUS;
            } catch (IOException e) {
                return new Status(IStatus.ERROR, JobBoard.PLUGIN_ID, what + " failed: " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }
}
