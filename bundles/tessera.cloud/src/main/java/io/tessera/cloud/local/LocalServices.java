package io.tessera.cloud.local;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.job.JobSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded default: S3Proxy, ElasticMQ and an {@code mpirun} cluster as processes on this
 * machine, bound to 127.0.0.1, with state under {@code <home>/local}. Each runs in its own JVM so
 * that their dependencies never meet ours. Processes outlive the JVM that started them; their pids
 * are kept in {@code processes.properties} so that any later command can find and stop them.
 */
public final class LocalServices {
    public static final String BUCKET = "tessera";
    public static final String JOBS_QUEUE = "tessera-jobs.fifo";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /**
     * Where the services run: the address the servers listen on, and the command that starts a
     * process there (empty: here). The default is this machine's loopback; a multi-host rehearsal
     * (mpi-cluster/bin/tessera-rehearsal) runs them in its head namespace on the test subnet.
     */
    public record Site(String address, List<String> launcher) {
        public static final Site LOOPBACK = new Site("127.0.0.1", List.of());

        public Site {
            launcher = List.copyOf(launcher);
        }
    }

    private final Path dir;
    private final LocalLayout layout;
    private final Site site;

    public LocalServices(Path home, LocalLayout layout) {
        this(home, layout, Site.LOOPBACK);
    }

    public LocalServices(Path home, LocalLayout layout, Site site) {
        this.dir = home.resolve("local");
        this.layout = layout;
        this.site = site;
    }

    /** The configuration that reaches the local servers; valid once {@link #up} returned. */
    public Path configFile() {
        return dir.resolve("cloud.properties");
    }

    /** How often the supervisor restarted the cluster since it started it. */
    public int clusterRestarts() throws IOException {
        Path file = clusterState().resolve("restarts");
        return Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : 0;
    }

    /** The supervisor's state: its restart count and the drain flag. */
    private Path clusterState() {
        return dir.resolve("cluster-state");
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    /** What runs now, by service name. */
    public List<String> running() throws IOException {
        Properties pids = readPids();
        List<String> alive = new ArrayList<>();
        for (Service s : Service.values()) {
            if (find(pids, s).isPresent()) {
                alive.add(s.key);
            }
        }
        return alive;
    }

    /** The live process of each running service, by name ({@code s3}, {@code sqs}, {@code cluster}). */
    public java.util.Map<String, ProcessHandle> processes() throws IOException {
        Properties pids = readPids();
        java.util.Map<String, ProcessHandle> alive = new java.util.LinkedHashMap<>();
        for (Service s : Service.values()) {
            find(pids, s).ifPresent(p -> alive.put(s.key, p));
        }
        return alive;
    }

    /**
     * Starts whatever of S3, SQS and the cluster is not running, and returns the names of what it
     * started (empty when all was up already), so that a caller stops only what it started.
     */
    public List<String> up(int ranks) throws IOException {
        return up(ranks, List.of());
    }

    /**
     * As {@link #up(int)}, passing {@code clusterOptions} (e.g. {@code --job-timeout 10}) to
     * {@code tessera-cluster} if the cluster is started here.
     */
    public List<String> up(int ranks, List<String> clusterOptions) throws IOException {
        // Objects, messages, logs and the cluster's state are the user's data, and the local servers
        // take any request that carries the generated keys: nobody else on the machine may read them.
        ownerOnlyDirectory(dir);
        ownerOnlyDirectory(logDir());
        ownerOnlyDirectory(clusterState());
        Properties pids = readPids();
        List<String> started = new ArrayList<>();
        boolean s3Up = find(pids, Service.S3).isPresent();
        boolean sqsUp = find(pids, Service.SQS).isPresent();
        if (!s3Up || !sqsUp || !Files.exists(configFile())) {
            // A server that stopped comes back on the same port with the same credentials, so that
            // the cluster and every client reconnect by themselves; only when that port is taken
            // do all start afresh on new ports (and the cluster with them).
            CloudConfig config = sameEndpointsIfFree(s3Up, sqsUp);
            if (config == null) {
                stop(pids, List.of(Service.CLUSTER));
                stop(pids, List.of(Service.SQS, Service.S3));
                config = newConfig();
                s3Up = false;
                sqsUp = false;
            }
            if (!s3Up) {
                pids.setProperty(Service.S3.key, Long.toString(startS3(config)));
                started.add(Service.S3.key);
            }
            if (!sqsUp) {
                pids.setProperty(Service.SQS.key, Long.toString(startSqs(config)));
                started.add(Service.SQS.key);
            }
            writePids(pids);
            awaitHttp(Service.S3, config.s3Endpoint(), pids);
            awaitHttp(Service.SQS, config.sqsEndpoint(), pids);
            config.write(configFile());
            try (CloudClients clients = new CloudClients(config)) {
                clients.provision();
            }
        }
        // A home from before jobs were signed gets its macro key now (a cluster already running
        // reads it when it starts again).
        CloudConfig written = CloudConfig.read(configFile());
        if (written.macroKey() == null) {
            written.withMacroKey(JobSignature.newKey()).write(configFile());
        }
        if (find(pids, Service.CLUSTER).isEmpty()) {
            pids.setProperty(Service.CLUSTER.key, Long.toString(startCluster(ranks, clusterOptions)));
            started.add(Service.CLUSTER.key);
            writePids(pids);
        }
        return started;
    }

    /**
     * Stops the named services (all when empty): the cluster first, so that it drains no further
     * work and the events of the jobs it lets finish still reach SQS; then both servers at once.
     */
    public void down(List<String> only) throws IOException {
        if (!Files.isDirectory(dir)) {
            return; // nothing ever ran from this home
        }
        Properties pids = readPids();
        for (List<Service> together : List.of(List.of(Service.CLUSTER), List.of(Service.SQS, Service.S3))) {
            List<Service> named = together.stream().filter(s -> only.isEmpty() || only.contains(s.key)).toList();
            stop(pids, named);
            named.forEach(s -> pids.remove(s.key));
        }
        writePids(pids);
    }

    /** The current configuration, if the ports of the servers that are down are still free. */
    private CloudConfig sameEndpointsIfFree(boolean s3Up, boolean sqsUp) throws IOException {
        if (!Files.exists(configFile())) {
            return null;
        }
        CloudConfig config = CloudConfig.read(configFile());
        boolean free = (s3Up || portIsFree(config.s3Endpoint().getPort()))
                && (sqsUp || portIsFree(config.sqsEndpoint().getPort()));
        return free ? config : null;
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private CloudConfig newConfig() throws IOException {
        // Credentials are generated once and kept, so that a client configured earlier still works.
        // So is the key that signs jobs carrying macros: clients and cluster read it from this file.
        String access;
        String secret;
        String macroKey = null;
        if (Files.exists(configFile())) {
            CloudConfig old = CloudConfig.read(configFile());
            access = old.accessKey();
            secret = old.secretKey();
            macroKey = old.macroKey();
        } else {
            SecureRandom random = new SecureRandom();
            access = "tessera-" + HexFormat.of().formatHex(random.generateSeed(6));
            secret = HexFormat.of().formatHex(random.generateSeed(20));
        }
        return new CloudConfig(URI.create("http://" + site.address() + ":" + freePort()),
                URI.create("http://" + site.address() + ":" + freePort()), "us-east-1", access, secret, BUCKET, JOBS_QUEUE)
                .withMacroKey(macroKey != null ? macroKey : JobSignature.newKey());
    }

    private long startS3(CloudConfig config) throws IOException {
        Path data = ownerOnlyDirectory(dir.resolve("s3"));
        Path conf = dir.resolve("s3proxy.properties");
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", config.s3Endpoint().toString());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", config.accessKey());
        p.setProperty("s3proxy.credential", config.secretKey());
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.filesystem.basedir", data.toString());
        writeOwnerOnly(conf, p);
        Path logback = dir.resolve("s3proxy-logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %-5level %logger{20} %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
        // S3Proxy keeps C2: it hashes every byte it stores (MD5, and SHA-256 for signed payloads); with
        // C1 alone it took 15-19% more CPU and 30% more time for 1 MB puts and gets
        // (releng/bench/server_jvm_flags.sh measures both servers both ways).
        return spawn(Service.S3, serverCommand(Service.S3, "-Dlogback.configurationFile=" + logback, "--properties",
                conf.toString()));
    }

    /**
     * SQS's largest message. ElasticMQ keeps each message's body, attributes and receipts in BLOB
     * columns of H2; H2 stores a BLOB above 256 bytes (its default) apart from its row, in a map of
     * its own that every insert, update and delete writes and a cleaner thread sweeps. Stored in
     * the row instead, the server spent less CPU per message in 7 of 9 alternating pairs, medians
     * 1.91 against 2.04 ms (releng/bench/server_jvm_flags.sh, "c1-inline-lobs" against "c1-serial";
     * about 1.1-1.4 ms without storing messages at all, which would lose the queued jobs in a restart).
     *
     * <p>WRITE_DELAY=0: H2 otherwise writes committed changes to its file up to a second later, so
     * a crash of the server lost the messages it had acknowledged last: 88, 92 and 99 of 500-570
     * sends in three rounds of releng/bench/sqs_sigterm_loss.sh with SIGNAL=KILL, none with this
     * (four rounds; FaultsIT kills the server the moment it accepted a batch). Its cost was within
     * the noise: 2.24, 2.54 and 2.27 ms per message against 2.23, 1.75 and 2.44 ("c1-write-through").
     */
    private static final int MESSAGE_MAX_BYTES = 256 * 1024;

    private long startSqs(CloudConfig config) throws IOException {
        Path data = ownerOnlyDirectory(dir.resolve("sqs"));
        int port = config.sqsEndpoint().getPort();
        Path conf = dir.resolve("elasticmq.conf");
        Files.writeString(conf, """
                include classpath("application.conf")
                node-address { protocol = http, host = "%s", port = %d, context-path = "" }
                rest-sqs { enabled = true, bind-port = %d, bind-hostname = "%s", sqs-limits = strict }
                rest-stats { enabled = false }
                generate-node-address = false
                # Queues and messages survive a restart: no job is lost when the server stops, nor
                # when it crashes (each change is written to the file before the request is answered).
                queues-storage { enabled = true, path = "%s" }
                messages-storage { enabled = true, uri = "jdbc:h2:%s;MAX_LENGTH_INPLACE_LOB=%d;WRITE_DELAY=0" }
                """.formatted(site.address(), port, port, site.address(), data.resolve("queues.conf"),
                data.resolve("messages"), MESSAGE_MAX_BYTES));
        return spawn(Service.SQS, serverCommand(Service.SQS, "-Dconfig.file=" + conf));
    }

    /**
     * A server's JVM up to its main class: the same for its start and for assembling its AOT
     * cache, which the JVM maps only with the options and class path it was made with.
     */
    private List<String> serverJvm(Service service) {
        return switch (service) {
            // S3Proxy keeps C2: it hashes every byte it stores (MD5, and SHA-256 for signed payloads);
            // with C1 alone it took 15-19% more CPU and 30% more time for 1 MB puts and gets
            // (releng/bench/server_jvm_flags.sh measures both servers both ways).
            case S3 -> List.of(java(), "-Xmx256m", "-cp", layout.s3proxyLib() + "/*");
            // C1 only and the serial collector: ElasticMQ shares the machine's cores with the ranks, and
            // C2 spent more than it saved: 2.2-3.4 ms of CPU per message with C2, 1.5-2.3 ms with C1
            // alone (batches of 10 sent, received and deleted after 3,000 to warm up; measured by
            // releng/bench/server_jvm_flags.sh); C2's share went to compiling, which a server
            // restarted with each session never finishes.
            case SQS -> List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    layout.elasticmqLib() + "/*");
            case CLUSTER -> throw new IllegalArgumentException("the cluster is no server");
        };
    }

    private Optional<ServerAotCache> aotCache(Service service) {
        return ServerAotCache.of(service.key, service == Service.S3 ? layout.s3proxyLib() : layout.elasticmqLib());
    }

    /** A server's whole command: its JVM, its AOT cache if it has one, its main class and {@code arguments}. */
    private List<String> serverCommand(Service service, String property, String... arguments) {
        List<String> jvm = serverJvm(service);
        List<String> command = new ArrayList<>(jvm.subList(0, 1));
        aotCache(service).ifPresent(cache -> command.addAll(cache.startOptions()));
        command.addAll(jvm.subList(1, jvm.size()));
        command.add(property);
        command.add(service.marker); // the main class
        command.addAll(List.of(arguments));
        return command;
    }

    private long startCluster(int ranks, List<String> clusterOptions) throws IOException {
        Path ready = dir.resolve("cluster.ready");
        Files.deleteIfExists(ready);
        // Restarts are counted per start: an earlier run's count must not read as a failed start.
        Files.deleteIfExists(clusterState().resolve("restarts"));
        // The operators' front end, as they run it: it builds the mpirun command and restarts the
        // MPI job when a rank dies or hangs.
        List<String> command = new ArrayList<>(List.of("bash", layout.supervisor().toString(), "--config",
                configFile().toString(), "-np", Integer.toString(ranks), "--state-dir", clusterState().toString(),
                "--java", java(), "--class-path", layout.clusterClassPath(), "--ready-file", ready.toString(),
                // The user's plugins folder: the supervisor loads it at each launch and launches
                // again when a jar there is added, replaced or removed.
                "--plugins", PluginFolder.of(dir.getParent()).dir().toString()));
        command.addAll(clusterOptions);
        long pid = spawn(Service.CLUSTER, command);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!Files.exists(ready)) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false || clusterRestarts() > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                throw new IOException("the MPI cluster exited while starting; see " + log(Service.CLUSTER)
                        + lastLines(log(Service.CLUSTER)));
            }
            if (Instant.now().isAfter(deadline)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                throw new IOException("the MPI cluster did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                        + log(Service.CLUSTER));
            }
            pause();
        }
        return pid;
    }

    /**
     * Starts a service below normal priority: on one machine the servers and the ranks share the
     * cores with the workbench, and the window must keep answering while they work (measured by
     * HundredImagesTest). {@code nice} runs the command in its own process, so the pid is the
     * service's.
     */
    private static final String NICE = "/usr/bin/nice";

    private long spawn(Service service, List<String> command) throws IOException {
        List<String> niced = new ArrayList<>(site.launcher());
        if (Files.isExecutable(Path.of(NICE))) {
            niced.addAll(List.of(NICE, "-n", "10"));
        }
        niced.addAll(command);
        Files.writeString(log(service), "=== " + Instant.now() + " " + String.join(" ", niced) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(niced).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return process.pid();
    }

    private void awaitHttp(Service service, URI endpoint, Properties pids) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return; // any HTTP answer means the server listens
            } catch (IOException e) {
                // Alive is enough: the pid was spawned just now. (Its command line, which find()
                // checks against stale pids, can read empty while nice execs the JVM.)
                if (!ProcessHandle.of(Long.parseLong(pids.getProperty(service.key))).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    throw new IOException("the local " + service.label + " exited while starting; see "
                            + log(service) + lastLines(log(service)));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the local " + service.label + " did not answer on " + endpoint + " within "
                            + START_TIMEOUT.toSeconds() + " s; see " + log(service));
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the local " + service.label);
            }
        }
    }

    /** Stops these services side by side: each is sent SIGTERM, then each is waited for. */
    private void stop(Properties pids, List<Service> services) {
        Map<Service, ProcessHandle> stopping = new java.util.EnumMap<>(Service.class);
        Map<Service, List<ProcessHandle>> families = new java.util.EnumMap<>(Service.class);
        for (Service service : services) {
            find(pids, service).ifPresent(process -> {
                // SIGTERM first: the supervisor drains the cluster, servers close their stores cleanly.
                families.put(service, process.descendants().toList());
                process.destroy();
                stopping.put(service, process);
            });
        }
        stopping.forEach((service, process) -> {
            // The cluster drains: running jobs finish, fetched ones go back to the queue.
            if (!awaitEnd(process, Duration.ofSeconds(service == Service.CLUSTER ? 120 : 15))) {
                process.destroyForcibly();
            }
            families.get(service).stream().filter(p -> !ended(p)).forEach(ProcessHandle::destroyForcibly);
            if (service != Service.CLUSTER) {
                // What a first start recorded is written out as its JVM ends: now the cache can be made.
                aotCache(service).ifPresent(cache -> cache.assembleInBackground(serverJvm(service)));
            }
        });
    }

    /**
     * Whether a process has ended: gone, or a zombie. A service outlives the command that started
     * it, so its parent is then init, which reaps when it gets to it (on some machines seconds
     * later), and until then {@link ProcessHandle#isAlive()} says alive of a process that holds
     * nothing any more.
     */
    public static boolean ended(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z'; // the state follows the command's name
        } catch (IOException | RuntimeException e) {
            return !process.isAlive(); // no /proc: as Java sees it
        }
    }

    private static boolean awaitEnd(ProcessHandle process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ended(process)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The live process recorded for a service, if its command line is still that service's. */
    private Optional<ProcessHandle> find(Properties pids, Service service) {
        String pid = pids.getProperty(service.key);
        if (pid == null) {
            return Optional.empty();
        }
        Optional<ProcessHandle> alive = ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        // The kernel's command line of a process that is starting (nice exec'ing the JVM) reads
        // empty now and then: measured, 5% of reads in a server's first 300 ms. A pid reused by
        // another program never shows the marker; ours does within a few reads.
        for (int read = 0; alive.isPresent() && read < 20; read++) {
            if (alive.get().info().commandLine().map(c -> c.contains(service.marker)).orElse(false)) {
                return alive;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = alive.filter(ProcessHandle::isAlive);
        }
        return Optional.empty();
    }

    private Properties readPids() throws IOException {
        Properties pids = new Properties();
        Path file = dir.resolve("processes.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                pids.load(in);
            }
        }
        return pids;
    }

    private void writePids(Properties pids) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("processes.properties"))) {
            pids.store(out, "processes started by Tessera");
        }
    }

    /** Creates the directory if need be, and makes it rwx for its owner alone (also one made by an older version). */
    private static Path ownerOnlyDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    private static void writeOwnerOnly(Path file, Properties p) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
    }

    private Path log(Service service) {
        return logDir().resolve(service.key + ".log");
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private enum Service {
        S3("s3", "S3 server (S3Proxy)", "org.gaul.s3proxy.Main"),
        SQS("sqs", "SQS server (ElasticMQ)", "org.elasticmq.server.Main"),
        CLUSTER("cluster", "MPI cluster", "tessera-cluster");

        final String key;
        final String label;
        final String marker;

        Service(String key, String label, String marker) {
            this.key = key;
            this.label = label;
            this.marker = marker;
        }
    }
}
