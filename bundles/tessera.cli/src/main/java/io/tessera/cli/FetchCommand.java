package io.tessera.cli;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.ResultFiles;
import io.tessera.core.job.JobState;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.port.JobQueue;
import io.tessera.ops.imagej.ImageCodec;
import io.tessera.core.op.PixelType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fetch [BATCH] [--out DIR] [--no-wait]}: the results of a batch that {@code process} stopped
 * following (Ctrl+C, or its --timeout), from the record it left. What was stored meanwhile is found
 * in the bucket; the rest arrives on the batch's events queue, which waited for it.
 */
@Command(name = "fetch", sortOptions = false,
        description = {"Fetches the results of a batch that process stopped following (Ctrl+C, --timeout): "
                + "what is done at once, then the rest as it finishes.",
                "Without BATCH, lists the batches waiting to be fetched."})
final class FetchCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final OperationCatalog catalog;
    private final Main main;

    @Parameters(paramLabel = "BATCH", arity = "0..1", description = "the batch, as process named it")
    private String batch;
    @Option(names = "--out", paramLabel = "DIR", description = "where the results go (default: process's --out)")
    private Path outDir;
    @Option(names = "--no-wait", description = "fetch what is done and return; the rest stays for a later fetch")
    private boolean noWait;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "give up waiting for the rest after this long (default: ${DEFAULT-VALUE})")
    private long timeoutSeconds;
    @Option(names = {"-v", "--verbose"}, description = "on a terminal too, a line for every result")
    private boolean verbose;

    FetchCommand(PrintStream out, PrintStream err, OperationCatalog catalog, Main main) {
        this.out = out;
        this.err = err;
        this.catalog = catalog;
        this.main = main;
    }

    @Override
    public Integer call() throws IOException {
        if (batch == null) {
            for (String waiting : BatchRecord.waiting(main.home())) {
                BatchRecord record = BatchRecord.read(main.home(), waiting);
                out.println(waiting + "  " + record.open().size() + " of " + record.jobs().size()
                        + " not fetched yet, into " + record.out());
            }
            return Main.OK;
        }
        BatchRecord record = BatchRecord.read(main.home(), batch);
        Path dir = outDir != null ? outDir.toAbsolutePath() : Path.of(record.out());
        // Jobs done and fetched by process are fetched again only into another folder.
        boolean sameFolder = dir.equals(Path.of(record.out()));
        List<BatchRecord.Job> wanted = record.jobs().stream()
                .filter(job -> !job.state().isFinal() || job.state() == JobState.DONE && !sameFolder).toList();
        for (BatchRecord.Job job : record.jobs()) {
            if (job.state() == JobState.FAILED || job.state() == JobState.CANCELLED) {
                err.println("tessera: " + job.state().name().toLowerCase() + " " + job.input() + ": " + job.error()
                        + " (said when the batch was followed)");
            }
        }
        List<String> startedHere = new ArrayList<>();
        try {
            return fetch(record, main.cloudConfig(LocalClusterSize.forThisMachine(), startedHere), dir, wanted);
        } finally {
            if (!startedHere.isEmpty()) {
                main.localServices().down(startedHere);
            }
        }
    }

    private int fetch(BatchRecord record, CloudConfig config, Path dir, List<BatchRecord.Job> wanted)
            throws IOException {
        try (CloudClients clients = new CloudClients(config)) {
            JobQueue events = eventsQueue(clients, record);
            BatchClient client = new BatchClient(clients.objectStore(), clients.jobs(), events, record.eventsQueue(),
                    catalog);
            List<Path> inputs = record.jobs().stream().map(job -> Path.of(job.input())).toList();
            ResultFiles results = new ResultFiles(dir, inputs, record.overwrite());
            Terminal.Output output = main.invocation().terminal().output(verbose);
            ProgressLine progress = new ProgressLine(err, wanted.size(), output);
            Map<String, BatchRecord.Job> byId = new HashMap<>();
            wanted.forEach(job -> byId.put(job.jobId(), job));
            ResultsFollower follower = new ResultsFollower(out, client, results, record.provenance(), output, progress,
                    byId, main.invocation());

            // What was stored meanwhile: one listing of the batch's results, not a request per job.
            Set<String> stored = new HashSet<>(clients.objectStore().keysUnder("results/" + record.batch() + "/"));
            Set<String> open = new HashSet<>();
            for (BatchRecord.Job job : wanted) {
                String key = storedResult(job, stored);
                if (key != null) {
                    follower.foundStored(job, key);
                } else {
                    open.add(job.jobId());
                }
            }
            if (!open.isEmpty() && events == null) {
                err.println("tessera: the events queue " + record.eventsQueue() + " is gone: " + open.size()
                        + " job(s) can no longer be followed; their results are fetched once stored");
            } else if (!open.isEmpty() && !noWait) {
                Set<String> ours = new HashSet<>();
                record.jobs().forEach(job -> ours.add(job.jobId()));
                try {
                    client.follow(open, ours, Duration.ofSeconds(timeoutSeconds), follower);
                } catch (TimeoutException e) {
                    err.println("tessera: " + e.getMessage());
                }
            }
            progress.finish();
            // All of the batch's measurements, those fetched by an earlier run included.
            MeasurementsFile.write(client, record.batch(), record.jobs().stream().map(BatchRecord.Job::resultKeyStem)
                    .toList(), results, err);
            BatchRecord now = record.withStates(follower.latest());
            int left = (int) wanted.stream().map(job -> follower.latest().getOrDefault(job.jobId(), job))
                    .filter(job -> !job.state().isFinal()).count();
            int earlier = (int) record.jobs().stream().filter(job -> job.state() == JobState.FAILED
                    || job.state() == JobState.CANCELLED).count();
            if (left > 0) {
                now.write(main.home());
                err.println("tessera: " + left + " job(s) of batch " + record.batch() + " not finished yet: "
                        + "./tessera fetch " + record.batch() + " again later");
            } else {
                if (events != null) {
                    clients.deleteQueue(record.eventsQueue());
                }
                record.delete(main.home());
            }
            boolean complete = left == 0 && earlier == 0 && follower.failed() == 0 && follower.cancelled() == 0
                    && follower.fetchErrors().isEmpty();
            return complete ? Main.OK : Main.JOB_FAILED;
        }
    }

    /** The batch's events queue, or null when it no longer exists. */
    private static JobQueue eventsQueue(CloudClients clients, BatchRecord record) throws IOException {
        try {
            return clients.queue(record.eventsQueue());
        } catch (IOException e) {
            if (e.getCause() instanceof software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException) {
                return null;
            }
            throw e;
        }
    }

    /** The key of a job's result among those stored, whichever format its pixel type gave it. */
    private static String storedResult(BatchRecord.Job job, Set<String> stored) {
        for (PixelType type : List.of(PixelType.GRAY8, PixelType.GRAY16)) {
            String key = job.resultKeyStem() + ImageCodec.extensionFor(type);
            if (stored.contains(key)) {
                return key;
            }
        }
        return null;
    }
}
