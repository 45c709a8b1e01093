package io.tessera.cli;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.PixelType;
import io.tessera.core.op.Parameter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code tessera process|up|down|status|check|dead-letters|ops}; exit codes: 0 done, 1 a job failed, 2 a usage or set-up error. */
public final class Main {
    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int ERROR = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final LocalLayout layout;

    public Main(PrintStream out, PrintStream err, Path home, LocalLayout layout) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.layout = layout;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getenv().getOrDefault("TESSERA_HOME", System.getProperty("user.home") + "/.tessera"));
        int code = new Main(System.out, System.err, home, LocalLayout.fromSystemProperty()).run(args);
        System.exit(code);
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.println("usage: tessera process|up|down|status|check|dead-letters|ops …");
            return ERROR;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        OperationCatalog catalog = OperationCatalog.fromServiceLoader(Main.class.getClassLoader());
        try {
            return switch (args[0]) {
                case "process" -> new ProcessCommand(out, err, catalog, this).run(rest);
                case "up" -> up(rest);
                case "down" -> down(rest);
                case "status" -> status();
                case "check" -> check();
                case "dead-letters" -> deadLetters(rest);
                case "bench" -> {
                    Path samples = Path.of(System.getProperty("tessera.testdata", ""));
                    if (rest.equals(List.of("ops"))) {
                        yield new OpsBenchmark(out, catalog).run(samples);
                    }
                    if (rest.equals(List.of("pipeline"))) {
                        yield new PipelineBenchmark(out, catalog, layout).run(samples, samples.getParent().getParent());
                    }
                    if (!rest.isEmpty() && rest.get(0).equals("scale")) {
                        List<Integer> workers = rest.size() > 1
                                ? List.of(rest.get(1).split(",")).stream().map(Integer::parseInt).toList()
                                : List.of(4, 12, 24);
                        yield new ScaleBenchmark(out, catalog, layout.withPlugin(benchPlugin())).run(workers);
                    }
                    if (rest.equals(List.of("hosts"))) {
                        yield new HostsBenchmark(out, layout, Path.of(System.getProperty("tessera.repo"))).run(samples);
                    }
                    throw new IllegalArgumentException("usage: tessera bench ops|pipeline|scale [W,W,…]|hosts");
                }
                case "ops" -> {
                    if (rest.contains("--markdown")) {
                        out.print(OperationsTable.markdown(catalog));
                        yield OK;
                    }
                    yield ops(catalog);
                }
                default -> {
                    err.println("tessera: unknown command '" + args[0] + "'");
                    yield ERROR;
                }
            };
        } catch (InvalidPipelineException | IllegalArgumentException e) {
            err.println("tessera: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            err.println("tessera: " + e.getMessage());
            return ERROR;
        } catch (Exception e) {
            err.println("tessera: " + e);
            return ERROR;
        }
    }

    /** The configuration named by TESSERA_CONFIG (or -Dtessera.config), or null for the local servers. */
    static Path explicitConfig() {
        String explicit = System.getenv("TESSERA_CONFIG");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getProperty("tessera.config");
        }
        return explicit == null || explicit.isBlank() ? null : Path.of(explicit);
    }

    /**
     * {@code check}: what of the configuration works — servers, bucket, queue, credentials — and,
     * for the local servers, creates what is missing. Exit 0 when all works, 2 otherwise.
     */
    private int check() throws IOException {
        Path explicit = explicitConfig();
        LocalServices local = localServices();
        if (explicit == null && !local.running().containsAll(List.of("s3", "sqs"))) {
            err.println("tessera: the local S3 and SQS servers are not running; start them with ./tessera up");
            return ERROR;
        }
        Path file = explicit != null ? explicit : local.configFile();
        CloudConfig config = CloudConfig.read(file);
        out.println("configuration " + file + ": " + config);
        try (CloudClients clients = new CloudClients(config)) {
            List<io.tessera.cloud.ConnectionCheck.Finding> findings = clients.check();
            if (explicit == null && findings.stream().anyMatch(f -> !f.ok())) {
                clients.provision(); // our own servers: create the bucket and queues they lack
                out.println("created what the local servers lacked");
                findings = clients.check();
            }
            findings.forEach(out::println);
            return findings.stream().allMatch(io.tessera.cloud.ConnectionCheck.Finding::ok) ? OK : ERROR;
        }
    }

    /**
     * {@code dead-letters [--redrive | --discard]}: lists the jobs the cluster could not run, with
     * their reasons; then sends them back to the jobs queue, deletes them, or leaves them be.
     */
    private int deadLetters(List<String> args) throws IOException {
        if (args.size() > 1 || !args.isEmpty() && !List.of("--redrive", "--discard").contains(args.get(0))) {
            throw new IllegalArgumentException("usage: tessera dead-letters [--redrive | --discard]");
        }
        Path explicit = explicitConfig();
        CloudConfig config = CloudConfig.read(explicit != null ? explicit : localServices().configFile());
        try (CloudClients clients = new CloudClients(config)) {
            io.tessera.core.batch.DeadLetters letters = new io.tessera.core.batch.DeadLetters(clients.deadLetters(),
                    clients.jobs());
            List<io.tessera.core.batch.DeadLetters.DeadLetter> found = letters.list(10_000);
            for (io.tessera.core.batch.DeadLetters.DeadLetter letter : found) {
                out.println(letter.label() + ": " + letter.reason());
            }
            String action = args.isEmpty() ? "" : args.get(0);
            switch (action) {
                case "--redrive" -> letters.redrive(found);
                case "--discard" -> letters.discard(found);
                default -> letters.release(found);
            }
            out.println(found.size() + " job(s) in " + config.deadLettersQueue()
                    + (action.isEmpty() ? "" : action.equals("--redrive") ? ", sent back to " + config.jobsQueue()
                            : ", discarded"));
        }
        return OK;
    }

    /** What runs locally, and what the cluster last published, wherever it runs. */
    private int status() throws IOException {
        LocalServices local = localServices();
        List<String> running = local.running();
        Path explicit = explicitConfig();
        if (explicit == null) {
            out.println(running.isEmpty() ? "no local service is running" : "running: " + String.join(", ", running));
            if (!running.contains("s3")) {
                return OK;
            }
        }
        CloudConfig config = CloudConfig.read(explicit != null ? explicit : local.configFile());
        try (CloudClients clients = new CloudClients(config)) {
            out.println(clients.clusterStatus().map(s -> s.summary(java.time.Instant.now()))
                    .orElse("no cluster has reported for the queue " + config.jobsQueue()));
        }
        return OK;
    }

    /** The benchmark-only operations (built beside the CLI, never part of the product). */
    private static Path benchPlugin() {
        return Path.of(System.getProperty("tessera.repo"), "bundles/tessera.bench.ops/target/tessera.bench.ops.jar");
    }

    LocalServices localServices() {
        return new LocalServices(home, layout);
    }

    /**
     * The configuration to use: TESSERA_CONFIG names one (AWS, or servers run elsewhere);
     * otherwise the embedded local servers, started here if they are not running.
     */
    CloudConfig cloudConfig(int ranks, List<String> startedHere) throws IOException {
        Path explicit = explicitConfig();
        if (explicit != null) {
            return CloudConfig.read(explicit);
        }
        LocalServices local = localServices();
        List<String> started = local.up(ranks);
        if (!started.isEmpty()) {
            err.println("tessera: started " + String.join(", ", started) + " (logs in " + local.logDir() + ")");
        }
        startedHere.addAll(started);
        return CloudConfig.read(local.configFile());
    }

    /** {@code up [--ranks N] [--print-started]}: starts what is not running and leaves it running. */
    private int up(List<String> args) throws IOException {
        int ranks = 2;
        boolean printStarted = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--ranks" -> ranks = Integer.parseInt(args.get(++i));
                case "--print-started" -> printStarted = true;
                default -> throw new IllegalArgumentException("unknown option for up: " + args.get(i));
            }
        }
        List<String> started = new ArrayList<>();
        CloudConfig config = cloudConfig(ranks, started);
        if (printStarted) {
            out.println(String.join(",", started));
        } else {
            out.println("local services running: S3 " + config.s3Endpoint() + ", SQS " + config.sqsEndpoint()
                    + ", cluster of " + ranks + " ranks");
        }
        return OK;
    }

    /** {@code down [--only s3,sqs,cluster]}: stops the local services, or only those named. */
    private int down(List<String> args) throws IOException {
        List<String> only = List.of();
        if (args.size() == 2 && args.get(0).equals("--only")) {
            only = List.of(args.get(1).split(","));
        } else if (!args.isEmpty()) {
            throw new IllegalArgumentException("usage: tessera down [--only s3,sqs,cluster]");
        }
        if (args.size() == 2 && args.get(1).isBlank()) {
            return OK; // nothing was started by the caller
        }
        localServices().down(only);
        out.println("stopped " + (only.isEmpty() ? "the local services" : String.join(", ", only)));
        return OK;
    }

    private int ops(OperationCatalog catalog) {
        for (Operation op : catalog.operations()) {
            OperationInfo info = op.info();
            out.printf("%-20s %-9s %s%n", info.id(), info.category(), info.description());
            if (!op.aliases().isEmpty()) {
                out.printf("    %-12s %s%n", "also called", String.join(", ", op.aliases()));
            }
            out.printf("    %-12s %s%n", "pixel types", String.join(", ",
                    info.accepts().stream().sorted().map(PixelType::label).toList()));
            for (Parameter p : info.parameters()) {
                out.printf("    %-12s %s%n", p.name(), p.describe());
            }
        }
        return OK;
    }
}
