package io.tessera.cli;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.ResultFiles;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ops.imagej.InputCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * {@code process (--op ID[:name=value,…] | --pipeline FILE)… --out DIR [--provenance] [--overwrite]
 * [--ranks N] [--timeout SECONDS] FILE…}: the workbench's path without the workbench. Everything
 * is checked before anything is uploaded. Results never replace an input, nor a file Tessera did
 * not write unless {@code --overwrite} says so ({@link ResultFiles}).
 */
final class ProcessCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final OperationCatalog catalog;
    private final Main main;

    ProcessCommand(PrintStream out, PrintStream err, OperationCatalog catalog, Main main) {
        this.out = out;
        this.err = err;
        this.catalog = catalog;
        this.main = main;
    }

    int run(List<String> args) throws IOException {
        List<PipelineStep> pipeline = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Path outDir = null;
        int ranks = 2;
        long timeoutSeconds = 600;
        boolean provenance = false;
        boolean overwrite = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--op" -> pipeline.add(PipelineStep.parse(value(args, ++i, arg)));
                case "--pipeline" -> pipeline.addAll(readPipeline(Path.of(value(args, ++i, arg))));
                case "--provenance" -> provenance = true;
                case "--overwrite" -> overwrite = true;
                case "--out" -> outDir = Path.of(value(args, ++i, arg));
                case "--ranks" -> ranks = Integer.parseInt(value(args, ++i, arg));
                case "--timeout" -> timeoutSeconds = Long.parseLong(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg
                                + "; usage: tessera process --op ID[:name=value,…] --out DIR [--overwrite] FILE…");
                    }
                    files.add(Path.of(arg));
                }
            }
        }
        if (outDir == null || files.isEmpty()) {
            throw new IllegalArgumentException("usage: tessera process --op ID[:name=value,…] --out DIR [--overwrite] FILE…");
        }
        catalog.validate(pipeline);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
        }
        InputCheck.pipelineFits(catalog, pipeline, files);

        List<String> startedHere = new ArrayList<>();
        try {
            CloudConfig config = main.cloudConfig(ranks, startedHere);
            // Decided before anything is uploaded: which files in --out this run must keep.
            ResultFiles results = new ResultFiles(outDir, files, overwrite);
            return submitAndWait(config, pipeline, files, results, Duration.ofSeconds(timeoutSeconds), provenance);
        } finally {
            if (!startedHere.isEmpty()) {
                main.localServices().down(startedHere);
            }
        }
    }

    private int submitAndWait(CloudConfig config, List<PipelineStep> pipeline, List<Path> files, ResultFiles results,
            Duration timeout, boolean provenance) throws IOException {
        // Each run listens on a queue of its own, so that concurrent clients never take each other's events.
        String eventsQueue = "tessera-events-cli-" + UUID.randomUUID().toString().substring(0, 8);
        try (CloudClients clients = new CloudClients(config)) {
            // No separate check of the configuration first: the run's own first requests (the jobs
            // queue's address, the events queue, the first upload) fail before anything is stored
            // when a bucket or queue is missing or the credentials are refused, and then the check
            // names the cause. A check up front cost a fifth of a second of every run.
            BatchClient client;
            try {
                var jobsQueue = clients.jobs();
                client = new BatchClient(clients.objectStore(), jobsQueue, clients.createQueue(eventsQueue),
                        eventsQueue, catalog);
            } catch (IOException e) {
                throw explained(clients, e);
            }
            try {
                String batch = BatchClient.newBatchName();
                long[] lastReport = {System.nanoTime()};
                List<JobSpec> jobs;
                try {
                    jobs = client.submit(batch, files, pipeline, (file, job) -> {
                    }, p -> {
                        // A line a second at most, and the last one: enough to see a long upload move.
                        if (p.filesDone() == p.files() || System.nanoTime() - lastReport[0] > 1_000_000_000L) {
                            lastReport[0] = System.nanoTime();
                            err.printf("tessera: uploaded %d of %d files (%.1f of %.1f MB)%n", p.filesDone(),
                                    p.files(), p.bytesDone() / 1e6, p.bytes() / 1e6);
                        }
                    }, () -> false);
                } catch (IOException e) {
                    throw explained(clients, e);
                }
                Map<String, Path> inputOf = new HashMap<>();
                for (int i = 0; i < jobs.size(); i++) {
                    inputOf.put(jobs.get(i).jobId(), files.get(i));
                }
                err.println("tessera: batch " + batch + ": " + jobs.size() + " job(s) submitted, pipeline "
                        + pipeline.stream().map(PipelineStep::toString).toList());
                int[] failed = {0};
                int[] cancelled = {0};
                List<IOException> fetchErrors = new ArrayList<>();
                client.follow(jobs, timeout, event -> {
                    Path input = inputOf.get(event.jobId());
                    if (event.state() == JobState.RUNNING) {
                        err.println("tessera: " + input + ": running on rank " + where(event));
                    } else if (event.state() == JobState.RETRYING) {
                        err.println("tessera: " + input + ": back in the queue, to run again shortly: " + event.error());
                    } else if (event.state() == JobState.DONE) {
                        try {
                            ResultFiles.Placed result = client.fetch(event, results);
                            sayKept(result);
                            if (provenance) {
                                sayKept(client.fetchProvenance(event, results, result.path()));
                            }
                            out.println(input + " -> " + result.path() + " (rank " + where(event) + ", "
                                    + event.millis() + " ms)");
                        } catch (IOException e) {
                            fetchErrors.add(e);
                        }
                    } else if (event.state() == JobState.FAILED) {
                        failed[0]++;
                        err.println("tessera: FAILED " + input + ": " + event.error());
                    } else if (event.state() == JobState.CANCELLED) {
                        cancelled[0]++;
                        err.println("tessera: cancelled " + input + " (not run, no result)");
                    }
                });
                for (IOException e : fetchErrors) {
                    err.println("tessera: cannot fetch a result: " + e.getMessage());
                }
                if (failed[0] + cancelled[0] > 0) {
                    err.printf("tessera: %d of %d done, %d failed, %d cancelled%n",
                            jobs.size() - failed[0] - cancelled[0], jobs.size(), failed[0], cancelled[0]);
                }
                // A cancelled job was wanted by nobody: not a failure, but not every input has a result.
                return failed[0] == 0 && cancelled[0] == 0 && fetchErrors.isEmpty() ? Main.OK : Main.JOB_FAILED;
            } catch (TimeoutException e) {
                err.println("tessera: " + e.getMessage());
                return Main.JOB_FAILED;
            } finally {
                clients.deleteQueue(eventsQueue);
            }
        }
    }

    /** The rank of an event, and its host (events of older clusters have none). */
    private static String where(JobEvent event) {
        return event.rank() + (event.host() != null ? " on " + event.host() : "");
    }

    /** A failed request explained by what of the configuration does not work, when something does not. */
    private static IOException explained(CloudClients clients, IOException failure) {
        List<String> problems = clients.check().stream().filter(f -> !f.ok()).map(f -> f.what() + " " + f.detail())
                .toList();
        return problems.isEmpty() ? failure
                : new IOException("cannot use this configuration:\n  " + String.join("\n  ", problems), failure);
    }

    private void sayKept(ResultFiles.Placed placed) {
        for (ResultFiles.Kept kept : placed.kept()) {
            err.println("tessera: kept " + kept.file() + " (" + kept.why() + "); wrote " + placed.path().getFileName()
                    + " beside it");
        }
    }

    /** A saved {@code *.tessera-pipeline}, or a result's provenance to make it again the same way. */
    private static List<PipelineStep> readPipeline(Path file) throws IOException {
        try {
            return JobCodec.decodePipeline(Files.readString(file));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
