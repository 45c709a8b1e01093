package io.tessera.cli;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import io.tessera.cloud.local.PluginFolder;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.PixelType;
import io.tessera.core.op.Parameter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code tessera} command line: {@code process}, {@code up}, {@code down}, {@code status},
 * {@code check}, {@code dead-letters}, {@code ops}, {@code bench}, {@code completion}; exit codes:
 * 0 done, 1 a job failed, 2 a usage or set-up error. Parsed by picocli, which gives every command
 * and option its help, suggests the command or option a typo was near, and writes the bash
 * completion from the same declarations.
 */
@Command(name = "tessera", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, addMethodSubcommands = false,
        versionProvider = Main.Version.class, sortOptions = false,
        description = "Sends images through S3 and SQS to an MPI cluster of ImageJ filters, and brings the results back.",
        footer = {"", "Exit codes: 0 done, 1 a job failed or was cancelled, 2 a usage or set-up error.",
                "Configuration: the local servers unless TESSERA_CONFIG names a file (AWS, or servers elsewhere)."})
public final class Main implements Callable<Integer> {
    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int ERROR = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final LocalLayout layout;
    private final Invocation invocation;
    private OperationCatalog catalog;
    @Spec
    private CommandSpec spec;

    public Main(PrintStream out, PrintStream err, Path home, LocalLayout layout) {
        this(out, err, home, layout, Invocation.ofThisProcess());
    }

    Main(PrintStream out, PrintStream err, Path home, LocalLayout layout, Invocation invocation) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.layout = layout;
        this.invocation = invocation;
    }

    public static void main(String[] args) {
        Path home = io.tessera.cloud.local.TesseraHome.ofThisProcess();
        // A command server of this home runs the command warm if it can (CommandClient says when
        // it cannot); this JVM then only forwards, and never loads the SDK.
        java.util.OptionalInt served = CommandClient.runOnTheServer(home, args);
        if (served.isPresent()) {
            System.exit(served.getAsInt());
        }
        int code = new Main(System.out, System.err, home, LocalLayout.fromSystemProperty()).run(args);
        System.exit(code);
    }

    /** Where this command runs: its folder, terminal and interruptions. */
    Invocation invocation() {
        return invocation;
    }

    public int run(String... args) {
        String first = args.length == 0 ? "" : args[0];
        // Picocli reflects on every command it is given (a tenth of a second for all of them, cold):
        // a command named first is given alone. The whole tree for the top level's help, a typo
        // (to suggest the command meant) and completion.
        boolean whole = !COMMAND_ORDER.contains(first) || first.equals("completion");
        CommandLine commandLine;
        try {
            commandLine = commandLine(whole ? COMMAND_ORDER : List.of(first));
        } catch (java.util.ServiceConfigurationError | IllegalStateException e) {
            // a jar in the plugins folder that is not a plugin, or that claims an id already taken
            err.println("tessera: the operations cannot be loaded (plugins folder " + PluginFolder.of(home).dir()
                    + "): " + e.getMessage());
            return ERROR;
        }
        return commandLine.execute(args);
    }

    /** The whole command tree, printing to this Main's streams. */
    CommandLine commandLine() {
        return commandLine(COMMAND_ORDER);
    }

    /** The command tree with these commands only, printing to this Main's streams. */
    private CommandLine commandLine(List<String> commands) {
        // The plugins folder's jars are loaded here, not put on the JVM's class path by the launcher:
        // so a dropped jar counts from the next command on, and a test can give a home of its own.
        catalog = OperationCatalog.fromServiceLoader(PluginFolder.of(home).loader(Main.class.getClassLoader()));
        CommandLine commandLine = new CommandLine(this);
        for (String name : commands) {
            switch (name) {
                case "process" -> commandLine.addSubcommand(new ProcessCommand(out, err, catalog, this));
                case "fetch" -> commandLine.addSubcommand(new FetchCommand(out, err, catalog, this));
                case "bench" -> commandLine.addSubcommand(new BenchCommand(out, catalog, layout));
                case "new-operation" -> commandLine.addSubcommand(new NewOperationCommand(out, err, PluginFolder.of(home).dir()));
                default -> commandLine.addSubcommand(name, new CommandLine(CommandLine.getCommandMethods(Main.class,
                        METHOD_OF.getOrDefault(name, name)).get(0)));
            }
        }
        // In the order of use, not of declaration.
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            Map<String, CommandLine.Help> inOrder = new LinkedHashMap<>();
            COMMAND_ORDER.stream().filter(help.subcommands()::containsKey)
                    .forEach(name -> inOrder.put(name, help.subcommands().get(name)));
            help.subcommands().forEach(inOrder::putIfAbsent);
            return help.commandList(inOrder);
        });
        if (invocation.elsewhere()) {
            // In the command server: a relative path is the client's, not this JVM's.
            commandLine.registerConverter(Path.class, invocation::path);
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean expected = e instanceof InvalidPipelineException || e instanceof IllegalArgumentException
                    || e instanceof IOException;
            cmd.getErr().println("tessera: " + (expected ? e.getMessage() : e.toString()));
            return ERROR;
        });
        return commandLine;
    }

    /** The command server's name among the local services (up, down --only, status). */
    static final String COMMAND_SERVER = "commands";

    /** The commands declared as methods of this class whose method has another name. */
    private static final Map<String, String> METHOD_OF = Map.of("dead-letters", "deadLetters");
    private static final List<String> COMMAND_ORDER = List.of("start", "process", "fetch", "up", "down", "status", "check",
            "dead-letters", "ops", "new-operation", "bench", "test", "completion");

    /** A word the parser does not take: what was wrong, what was probably meant, where the help is. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tessera: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ERROR;
    }

    /** {@code tessera} alone: what there is to do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ERROR;
    }

    /** The version of the CLI's jar (its manifest), and the Java that runs it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tessera " + (version != null ? version : "(not built into a jar)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                            + System.getProperty("java.home")};
        }
    }

    @Command(name = "start", description = "Opens the workbench, with the local servers and cluster it needs "
            + "(run by ./tessera, not by this JVM).")
    int start() {
        return launcherOnly("start");
    }

    @Command(name = "test", description = "Runs every test (run by ./tessera, not by this JVM).")
    int test() {
        return launcherOnly("test");
    }

    private int launcherOnly(String command) {
        err.println("tessera: '" + command + "' is run by the launcher: ./tessera " + command);
        return ERROR;
    }

    @Command(name = "completion", description = {"Prints bash completion for ./tessera and its commands.",
            "Use it with: source <(./tessera completion)"})
    int completion() {
        out.print(AutoComplete.bash("tessera", spec.commandLine()));
        return OK;
    }

    /** The configuration named by TESSERA_CONFIG (or -Dtessera.config), or null for the local servers. */
    Path explicitConfig() {
        String explicit = System.getenv("TESSERA_CONFIG");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getProperty("tessera.config");
        }
        return explicit == null || explicit.isBlank() ? null : invocation.path(explicit);
    }

    /**
     * {@code check}: what of the configuration works — servers, bucket, queue, credentials — and,
     * for the local servers, creates what is missing. Exit 0 when all works, 2 otherwise.
     */
    @Command(name = "check", description = {"Says what of the configuration works: servers, bucket, queues, "
            + "credentials.", "For the local servers, creates the bucket and queues they lack."})
    int check() throws IOException {
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
    @Command(name = "dead-letters", description = "Lists the jobs the cluster could not run, and why; "
            + "with an option, sends them back or discards them.")
    int deadLetters(
            @Option(names = "--redrive", description = "send them back to the jobs queue, to run again") boolean redrive,
            @Option(names = "--discard", description = "delete them") boolean discard) throws IOException {
        if (redrive && discard) {
            throw new ParameterException(spec.subcommands().get("dead-letters"),
                    "--redrive and --discard exclude each other");
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
            if (redrive) {
                letters.redrive(found);
            } else if (discard) {
                letters.discard(found);
            } else {
                letters.release(found);
            }
            out.println(found.size() + " job(s) in " + config.deadLettersQueue()
                    + (redrive ? ", sent back to " + config.jobsQueue() : discard ? ", discarded" : ""));
        }
        return OK;
    }

    /** What runs locally, and what the cluster last published, wherever it runs. */
    @Command(name = "status", description = "Says which local services run, and what the cluster last reported.")
    int status() throws IOException {
        LocalServices local = localServices();
        List<String> running = local.running();
        Path explicit = explicitConfig();
        if (explicit == null) {
            running = new ArrayList<>(running);
            if (CommandClient.ping(home).isPresent()) {
                running.add(COMMAND_SERVER);
            }
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

    /** TESSERA_HOME: the local services' state, and the records of batches left to fetch. */
    Path home() {
        return home;
    }

    LocalServices localServices() {
        return new LocalServices(home, layout);
    }

    /**
     * The configuration to use: TESSERA_CONFIG names one (AWS, or servers run elsewhere);
     * otherwise the embedded local servers, started here if they are not running.
     */
    CloudConfig cloudConfig(LocalClusterSize.Layout cluster, List<String> startedHere) throws IOException {
        Path explicit = explicitConfig();
        if (explicit != null) {
            return CloudConfig.read(explicit);
        }
        LocalServices local = localServices();
        List<String> started = local.up(cluster.ranks(), cluster.clusterOptions());
        if (!started.isEmpty()) {
            err.println("tessera: started " + String.join(", ", started) + " (logs in " + local.logDir() + ")");
        }
        startedHere.addAll(started);
        return CloudConfig.read(local.configFile());
    }

    /** {@code up [--ranks N] [--print-started]}: starts what is not running and leaves it running. */
    @Command(name = "up", description = "Starts the local S3 and SQS servers and the MPI cluster, those not "
            + "running yet, and leaves them running.")
    int up(@Option(names = "--ranks", paramLabel = "N", description = "ranks of the local cluster: one coordinates, "
            + "the others filter, one job at a time each (default: 2, the worker rank with a slot per core, "
            + "at least one, as memory allows)") Integer ranks,
            @Option(names = "--print-started", hidden = true, description = "print only what was started, "
                    + "comma-separated (for the launcher)") boolean printStarted,
            @Option(names = "--no-command-server", hidden = true, description = "start no command server (the "
                    + "workbench's start: it runs no commands)") boolean noCommandServer) throws IOException {
        List<String> started = new ArrayList<>();
        LocalClusterSize.Layout asked = LocalClusterSize.asked(ranks);
        CloudConfig config = cloudConfig(asked, started);
        if (!noCommandServer && !"off".equals(System.getenv(CommandWire.SWITCH)) && CommandServer.start(home, err)) {
            started.add(COMMAND_SERVER);
        }
        if (printStarted) {
            out.println(String.join(",", started));
        } else {
            out.println("local services running: S3 " + config.s3Endpoint() + ", SQS " + config.sqsEndpoint()
                    + ", cluster of " + asked + (CommandClient.ping(home).isPresent() ? ", command server" : ""));
        }
        return OK;
    }

    /** {@code down [--only s3,sqs,cluster,commands]}: stops the local services, or only those named. */
    @Command(name = "down", description = "Stops the local services.")
    int down(@Option(names = "--only", split = ",", paramLabel = "SERVICE",
            description = "only these: s3, sqs, cluster, commands (an empty list stops nothing)") List<String> only)
            throws IOException {
        if (only != null) {
            only = only.stream().filter(name -> !name.isBlank()).toList();
            if (only.isEmpty()) {
                return OK; // the launcher's "what this start started": nothing
            }
        }
        // The command server is told first: a command it runs is stopped as Ctrl+C stops it, while
        // the servers that command talks to still answer. Its JVM ends while the cluster drains.
        java.util.OptionalLong commandServer = only == null || only.contains(COMMAND_SERVER)
                ? CommandServer.askToStop(home) : java.util.OptionalLong.empty();
        localServices().down(only == null ? List.of() : only);
        commandServer.ifPresent(CommandServer::awaitEnd);
        out.println("stopped " + (only == null ? "the local services" : String.join(", ", only)));
        return OK;
    }

    @Command(name = "ops", description = "Lists the operations: their pixel types, parameters, defaults and bounds.")
    int ops(@Option(names = "--markdown", description = "as the README's table") boolean markdown) {
        if (markdown) {
            out.print(OperationsTable.markdown(catalog));
            return OK;
        }
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
