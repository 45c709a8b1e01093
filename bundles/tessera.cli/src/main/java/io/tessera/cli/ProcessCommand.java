package io.tessera.cli;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.ResultFiles;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.InvalidPipelineException;
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
import java.util.Stack;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code process (--op ID[:name=value,…] | --pipeline FILE | --macro FILE)… --out DIR [--provenance] [--overwrite]
 * [--ranks N] [--timeout SECONDS] FILE…}: the workbench's path without the workbench; or, with
 * {@code --print-macro} and no files, the pipeline as an ImageJ macro. Everything
 * is checked before anything is uploaded. Results never replace an input, nor a file Tessera did
 * not write unless {@code --overwrite} says so ({@link ResultFiles}).
 */
@Command(name = "process", sortOptions = false,
        description = {"Filters images on the cluster and writes the results to a folder.",
                "Everything is checked before anything is uploaded; a result never replaces an input, nor a file "
                        + "Tessera did not write unless --overwrite says so."},
        footer = {"", "Example: tessera process --op gaussian-blur:sigma=2 --op median:radius=1 --out results pics/*.png",
                "The operations and their parameters: tessera ops"})
final class ProcessCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final OperationCatalog catalog;
    private final Main main;
    /** The local services this run started, and stops when it ends (not when it leaves a batch running). */
    private final List<String> startedHere = new ArrayList<>();
    /** The steps of --op and --pipeline, in the order they were given. */
    private final List<PipelineStep> pipeline = new ArrayList<>();

    @Option(names = "--op", paramLabel = "ID[:name=value,…]", parameterConsumer = StepsInOrder.class,
            description = "an operation, applied after those before it (repeatable)")
    private List<String> ops;
    @Option(names = "--pipeline", paramLabel = "FILE", parameterConsumer = StepsInOrder.class,
            description = "the steps of a saved .tessera-pipeline, or of a result's provenance (repeatable)")
    private List<String> pipelineFiles;
    @Option(names = "--macro", paramLabel = "FILE", parameterConsumer = StepsInOrder.class,
            description = "ImageJ macro code (.ijm) run on each image as a step (repeatable); checked here on a "
                    + "preview of the first image, sent signed with macro.key")
    private List<String> macroFiles;
    @Option(names = "--out", paramLabel = "DIR", description = "where the results go (required unless --print-macro)")
    private Path outDir;
    @Option(names = "--provenance", description = "also write each result's provenance beside it")
    private boolean provenance;
    @Option(names = "--overwrite", description = "replace files in DIR that Tessera did not write (never an input)")
    private boolean overwrite;
    @Option(names = "--ranks", paramLabel = "N", description = "ranks of the local cluster if it has to be started "
            + "(default: 2, the worker rank with a slot per core, at least one, as memory allows)")
    private Integer ranks;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "give up waiting for results after this long (default: ${DEFAULT-VALUE})")
    private long timeoutSeconds;
    @Option(names = {"-v", "--verbose"}, description = "on a terminal too, a line for every result; and a line "
            + "for every job that starts or is retried")
    private boolean verbose;
    @Option(names = "--print-macro", description = "write the pipeline as an ImageJ macro (.ijm) to standard output"
            + " and process nothing: run in ImageJ or Fiji, it gives the same pixels")
    private boolean printMacro;
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "the images (PNG, JPEG, TIFF, …)")
    private List<Path> files = List.of();
    @Spec
    private CommandSpec spec;

    ProcessCommand(PrintStream out, PrintStream err, OperationCatalog catalog, Main main) {
        this.out = out;
        this.err = err;
        this.catalog = catalog;
        this.main = main;
    }

    /** Adds the steps of --op and --pipeline to the pipeline as they come, so that they mix in order. */
    static final class StepsInOrder implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec arg, CommandSpec command) {
            OptionSpec option = (OptionSpec) arg;
            if (args.isEmpty()) {
                throw new ParameterException(command.commandLine(), option.longestName() + " needs a value: "
                        + option.paramLabel());
            }
            String value = args.pop();
            ProcessCommand process = (ProcessCommand) command.userObject();
            try {
                if (option.longestName().equals("--op")) {
                    process.pipeline.add(PipelineStep.parse(value));
                } else if (option.longestName().equals("--macro")) {
                    process.pipeline.add(macroStep(process.main.invocation().path(value)));
                } else {
                    process.pipeline.addAll(readPipeline(process.main.invocation().path(value)));
                }
            } catch (InvalidPipelineException | IllegalArgumentException | IOException e) {
                throw new ParameterException(command.commandLine(), e.getMessage(), e, arg, value);
            }
        }
    }

    /** The step that runs the code of an ImageJ macro file. */
    static PipelineStep macroStep(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such macro file: " + file);
        }
        if (Files.size(file) > 1 << 20) {
            throw new IOException(file + " is " + Files.size(file) / 1024 + " KiB: that is not a macro");
        }
        String code;
        try {
            code = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + " is not text (UTF-8): is it a macro?");
        }
        return new PipelineStep("imagej-macro", Map.of("code", code));
    }

    /** Only the pipeline counts: nothing is started, uploaded or written but the macro. */
    private int printMacro() {
        if (pipeline.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--print-macro needs the pipeline: --op or --pipeline");
        }
        if (outDir != null || !files.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--print-macro processes nothing: leave out --out and the files");
        }
        out.print(ImageJMacro.of(catalog, pipeline, "tessera process"));
        return Main.OK;
    }

    /** The pipeline as parsed so far. */
    List<PipelineStep> steps() {
        return List.copyOf(pipeline);
    }

    @Override
    public Integer call() throws IOException {
        if (printMacro) {
            return printMacro();
        }
        if (outDir == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        catalog.validate(pipeline);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + main.invocation().shown(file));
            }
        }
        InputCheck.pipelineFits(catalog, pipeline, files);
        InputCheck.macrosRunOnAPreview(catalog, pipeline, files.get(0));

        try {
            CloudConfig config = main.cloudConfig(LocalClusterSize.asked(ranks), startedHere);
            // Decided before anything is uploaded: which files in --out this run must keep.
            ResultFiles results = new ResultFiles(outDir, files, overwrite);
            return submitAndWait(config, pipeline, files, results, Duration.ofSeconds(timeoutSeconds), provenance);
        } finally {
            if (!startedHere.isEmpty() && !leftRunning) {
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
                        eventsQueue, catalog).signingWith(config.macroKeyBytes());
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
                    // Absolute in the record, so that fetch, run from any folder, knows the inputs it must not replace.
                    inputOf.put(jobs.get(i).jobId(), files.get(i).toAbsolutePath());
                }
                err.println("tessera: batch " + batch + ": " + jobs.size() + " job(s) submitted, pipeline "
                        + pipeline.stream().map(PipelineStep::summary).toList());
                BatchRecord record = BatchRecord.submitted(batch, eventsQueue, outDir.toAbsolutePath(), provenance, overwrite,
                        jobs, inputOf);
                record.write(main.home());
                Terminal.Output output = main.invocation().terminal().output(verbose);
                ProgressLine progress = new ProgressLine(err, jobs.size(), output);
                Map<String, BatchRecord.Job> byId = new HashMap<>();
                record.jobs().forEach(job -> byId.put(job.jobId(), job));
                ResultsFollower follower = new ResultsFollower(out, client, results, provenance, output, progress, byId,
                        main.invocation());
                try (var stopFollowing = main.invocation().interruptions()
                        .onInterrupt(() -> leaveRunning(record, follower, progress))) {
                    client.follow(jobs, timeout, follower);
                } catch (TimeoutException e) {
                    // The jobs may yet finish: their events queue and the record stay for fetch.
                    leftRunning = true;
                    progress.abandon();
                    record.withStates(follower.latest()).write(main.home());
                    err.println("tessera: " + e.getMessage());
                    err.println("tessera: what finishes later: ./tessera fetch " + batch);
                    sayServicesStay();
                    return Main.JOB_FAILED;
                }
                progress.finish();
                if (catalog.measures(pipeline)) {
                    MeasurementsFile.write(client, batch, jobs.stream().map(JobSpec::resultKeyStem).toList(), results,
                            err);
                }
                record.delete(main.home());
                // A cancelled job was wanted by nobody: not a failure, but not every input has a result.
                return follower.failed() == 0 && follower.cancelled() == 0 && follower.fetchErrors().isEmpty()
                        ? Main.OK : Main.JOB_FAILED;
            } finally {
                if (!leftRunning) {
                    clients.deleteQueue(eventsQueue);
                }
            }
        }
    }

    /** Set once Ctrl+C has left the batch to run on: its events queue and services stay. */
    private volatile boolean leftRunning;

    /**
     * Ctrl+C (or SIGTERM) while following: the batch goes on without this client. What is known of
     * each job is kept for {@code fetch}, and so is the events queue that the rest will arrive on.
     */
    private void leaveRunning(BatchRecord record, ResultsFollower follower, ProgressLine progress) {
        leftRunning = true;
        progress.abandon();
        try {
            record.withStates(follower.latest()).write(main.home());
            err.println("tessera: stopped following; batch " + record.batch() + " runs on. Its results, "
                    + "when you want them: ./tessera fetch " + record.batch());
            sayServicesStay();
        } catch (IOException e) {
            err.println("tessera: stopped following batch " + record.batch() + ", and could not keep its record for "
                    + "fetch: " + e.getMessage());
        }
    }

    private void sayServicesStay() {
        if (!startedHere.isEmpty()) {
            err.println("tessera: the local services this run started stay up for the batch (./tessera down stops them)");
        }
    }

    /** A failed request explained by what of the configuration does not work, when something does not. */
    private static IOException explained(CloudClients clients, IOException failure) {
        List<String> problems = clients.check().stream().filter(f -> !f.ok()).map(f -> f.what() + " " + f.detail())
                .toList();
        return problems.isEmpty() ? failure
                : new IOException("cannot use this configuration:\n  " + String.join("\n  ", problems), failure);
    }

    /** A saved {@code *.tessera-pipeline}, or a result's provenance to make it again the same way. */
    private static List<PipelineStep> readPipeline(Path file) throws IOException {
        try {
            return JobCodec.decodePipeline(Files.readString(file));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }
}
