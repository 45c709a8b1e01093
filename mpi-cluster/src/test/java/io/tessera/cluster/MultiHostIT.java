package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.cli.Main;
import io.tessera.cli.Rehearsal;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ops.imagej.ImageCodec;
import io.tessera.ops.imagej.PixelAssertions;
import io.tessera.ops.imagej.SampleImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster over several hosts, rehearsed on one machine: {@code mpi-cluster/bin/tessera-rehearsal}
 * makes a head and three nodes as network namespaces on a private subnet; S3Proxy, ElasticMQ and
 * the supervisor run in the head, {@code mpirun} starts the ranks on the nodes through Open MPI's
 * own remote launcher (the rehearsal's agent instead of ssh), and the client reaches the servers at
 * the head's address as it would remote ones. Where each job ran is taken from what the cluster
 * reports (its status, each job's events), not from how the rehearsal was set up.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {
    private static final OperationCatalog CATALOG = OperationCatalog.fromServiceLoader(
            MultiHostIT.class.getClassLoader());
    private static final Rehearsal REHEARSAL = new Rehearsal(Path.of(System.getProperty("tessera.repo")));
    private static final String SUBNET = Rehearsal.SUBNET;
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    /** Seven ranks on three nodes of three slots: rank 0 and two workers on node1, three on node2, one on node3. */
    private static final int RANKS = 7;
    /** Small enough that the large image of the strips test is split, large enough that the batch's are not. */
    private static final long STRIP_PIXELS = 1_000_000;

    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;

    @BeforeAll
    static void rehearseThreeNodes() throws Exception {
        // Not skipped when namespaces cannot be made: the test fails and says why.
        // A test JVM stopped before @AfterAll leaves nothing behind either (and `up` removes a stale one).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                REHEARSAL.run("down");
            } catch (IOException | InterruptedException e) {
                // nothing more to do while the JVM stops
            }
        }));
        rehearsal("up", "--nodes", Integer.toString(NODES.size()), "--slots", "3");
        cluster = TestCluster.start(home, REHEARSAL.head(), RANKS, REHEARSAL.clusterOptions("--strip-pixels",
                Long.toString(STRIP_PIXELS), "--probe-timeout", "5").toArray(String[]::new));
    }

    @AfterAll
    static void removeTheRehearsal() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            rehearsal("down");
        }
    }

    @Test
    @Order(1)
    void aBatchRunsOnRanksOfEveryNodeAndEqualsTheSamePipelineInOneJvm() throws Exception {
        List<Path> inputs = sixtyDistinctImages();
        TestCluster.Run run = cluster.cli(processArgs("gaussian-blur:sigma=2", work.resolve("out"), inputs));
        assertEquals(Main.OK, run.code(), run.err());

        // Each result line names the rank that made it and that rank's host, from the job's events.
        Pattern done = Pattern.compile("^(\\S+) -> (\\S+) \\(rank (\\d+) on (\\S+), \\d+ ms\\)$", Pattern.MULTILINE);
        Map<Integer, String> hostOfRank = new TreeMap<>();
        int results = 0;
        for (Matcher m = done.matcher(run.out()); m.find(); results++) {
            String before = hostOfRank.putIfAbsent(Integer.parseInt(m.group(3)), m.group(4));
            assertTrue(before == null || before.equals(m.group(4)), "rank " + m.group(3) + " on one host: " + run.out());
            assertPixelsEqual(Path.of(m.group(1)), List.of("gaussian-blur:sigma=2"), Path.of(m.group(2)));
        }
        assertEquals(inputs.size(), results, run.out());
        assertEquals(new TreeSet<>(NODES), new TreeSet<>(hostOfRank.values()),
                "jobs ran on ranks of every node: " + hostOfRank);

        // The cluster's own report: seven ranks on three hosts, each worker where its events said.
        String status = status();
        System.out.println(status);
        assertTrue(status.contains("cluster: " + RANKS + " ranks up on 3 hosts"), status);
        Matcher hosts = Pattern.compile("^  hosts +(.+)$", Pattern.MULTILINE).matcher(status);
        assertTrue(hosts.find(), status);
        for (Map.Entry<Integer, String> rank : hostOfRank.entrySet()) {
            assertTrue(ranksOn(hosts.group(1), rank.getValue()).contains(rank.getKey()),
                    "rank " + rank.getKey() + " on " + rank.getValue() + " in " + hosts.group(1));
        }
    }

    @Test
    @Order(2)
    void aLargeImageSplitInStripsOverRanksOfSeveralNodesEqualsTheWholeImageFiltered() throws Exception {
        // 2048 × 2048 RGB, made from a photograph: 4.2 megapixels, above the strip size.
        ImagePlus large = IJ.openImage(SampleImages.get("astronaut.png").toString());
        large.setProcessor(large.getProcessor().resize(2048, 2048, true));
        Path input = work.resolve("astronaut-2048.png");
        new ij.io.FileSaver(large).saveAsPng(input.toString());
        List<String> pipeline = List.of("gaussian-blur:sigma=3", "median:radius=2");
        int mark = cluster.logMark();
        List<String> args = new ArrayList<>(List.of("process", "--out", work.resolve("out-large").toString()));
        pipeline.forEach(step -> args.addAll(List.of("--op", step)));
        args.add(input.toString());
        TestCluster.Run run = cluster.cli(args.toArray(String[]::new));
        assertEquals(Main.OK, run.code(), run.err());
        assertPixelsEqual(input, pipeline, work.resolve("out-large/astronaut-2048.png"));

        // The ranks that filtered a strip, as rank 0 logged them, and their hosts as the cluster reports them.
        String log = cluster.logSince(mark);
        Matcher strips = Pattern.compile("filtered in (\\d+) strips on ranks ([\\d, ]+)").matcher(log);
        assertTrue(strips.find(), "split in strips:\n" + log);
        Matcher hosts = Pattern.compile("^  hosts +(.+)$", Pattern.MULTILINE).matcher(status());
        assertTrue(hosts.find());
        Set<String> stripHosts = new TreeSet<>();
        for (String rank : strips.group(2).split("[, ]+")) {
            for (String node : NODES) {
                if (ranksOn(hosts.group(1), node).contains(Integer.parseInt(rank))) {
                    stripHosts.add(node);
                }
            }
        }
        assertTrue(stripHosts.size() >= 2, "strips on ranks of several nodes: ranks " + strips.group(2) + ", hosts "
                + hosts.group(1));
    }

    /**
     * node2's link slowed to 10 Mbit/s with queueing delay, and 1% of its packets dropped each way,
     * while a batch runs: it completes, every job answered, none computed twice. That packets were
     * dropped is read from the firewall's counters, not assumed.
     */
    @Test
    @Order(3)
    void aSlowLossyNetworkLosesAndDuplicatesNothing() throws Exception {
        List<Path> inputs = sixtyDistinctImages().subList(0, 30);
        int mark = cluster.logMark();
        rehearsal("degrade", "node2");
        TestCluster.Run run;
        long dropped;
        try {
            run = cluster.cli(processArgs("median:radius=1", work.resolve("out-lossy"), inputs));
            dropped = Long.parseLong(rehearsal("dropped", "node2").strip());
        } finally {
            rehearsal("heal", "node2");
        }
        assertEquals(Main.OK, run.code(), run.err());
        assertEquals(inputs.size(), Pattern.compile("^\\S+ -> ", Pattern.MULTILINE).matcher(run.out()).results().count(),
                run.out());
        // Every job answered: the result lines above. Computed twice: from the ranks' log lines,
        // which reach the log through mpirun's output forwarding; over a lossy link a line may
        // arrive split around another rank's, so a line can be missed here, but never counted twice.
        Map<String, Long> computed = TestCluster.countBy(cluster.logSince(mark), "event=job-done job=(\\S+)");
        assertTrue(computed.values().stream().allMatch(n -> n == 1), "each job computed once: " + computed);
        System.out.println("lossy link: node2 dropped " + dropped + " packets during the batch");
        assertTrue(dropped > 0, "the degraded link dropped packets");
    }

    private static String[] processArgs(String op, Path out, List<Path> inputs) {
        List<String> args = new ArrayList<>(List.of("process", "--op", op, "--out", out.toString()));
        inputs.forEach(p -> args.add(p.toString()));
        return args.toArray(String[]::new);
    }

    /**
     * Last, as it changes the cluster: node3 is lost while a batch runs, as in a power cut (its link
     * down, then its processes killed, so that no connection of theirs is closed in an orderly way).
     * mpirun notices through TCP keepalive and the MPI job ends; the supervisor finds node3 silent,
     * launches without it at once instead of hanging on it, and says so; the batch completes with
     * every job done once. When node3 answers again, the supervisor drains and launches with it.
     */
    @Test
    @Order(4)
    void aNodeLostMidBatchIsLeftOutAndTakenBackWhenItAnswers() throws Exception {
        List<Path> inputs = sixtyDistinctImages();
        int mark = cluster.logMark();
        var batch = cluster.processInBackground("invert", work.resolve("out-loss"), inputs);
        // Mid-batch: after ten jobs are done, none of them by the job that loses its node.
        TestCluster.await(() -> TestCluster.countBy(cluster.logSince(mark), "event=(job-done)").getOrDefault("job-done",
                0L) >= 10, java.time.Duration.ofMinutes(2));
        java.time.Instant lostAt = java.time.Instant.now();
        rehearsal("lose", "node3");
        TestCluster.Run run = batch.get(4, TimeUnit.MINUTES);
        assertEquals(Main.OK, run.code(), run.err());
        assertEquals(inputs.size(), Pattern.compile("^\\S+ -> ", Pattern.MULTILINE).matcher(run.out()).results().count(),
                run.out());
        assertTrue(!run.err().contains("FAILED"), run.err());

        String log = cluster.logSince(mark);
        log.lines().filter(line -> line.contains("supervisor event=")).forEach(System.out::println);
        String lost = SUBNET + ".13";
        assertTrue(log.contains("supervisor event=cluster-died"), "the MPI job died with the node:\n" + log);
        assertTrue(log.contains("supervisor event=node-lost host=" + lost), log);
        assertTrue(Pattern.compile("event=start restarts=1 ranks=6 .*left_out=" + Pattern.quote(lost)).matcher(log).find(),
                "launched again on the nodes that answer:\n" + log);
        java.time.Instant died = java.time.Instant.parse(log.lines().filter(line -> line.contains(
                "supervisor event=cluster-died")).findFirst().orElseThrow().split(" ")[0]);
        System.out.println("node loss noticed: the MPI job ended " + java.time.Duration.between(lostAt, died).toMillis()
                / 1000.0 + " s after node3 went silent");
        System.out.println("restart after the node loss: " + secondsBetween(log, "supervisor event=cluster-died",
                "event=cluster-ready") + " s from the MPI job's death to rank 0 ready again");
        String status = status();
        System.out.println(status);
        assertTrue(status.contains("left out     " + lost), status);
        assertTrue(status.contains("6 ranks up on 2 hosts"), status);

        int beforeRestore = cluster.logMark();
        rehearsal("restore", "node3");
        TestCluster.await(() -> cluster.logSince(beforeRestore).contains("event=cluster-ready") ? true : null,
                java.time.Duration.ofMinutes(2));
        String back = cluster.logSince(beforeRestore);
        assertTrue(back.contains("supervisor event=node-answers host=" + lost), back);
        assertTrue(back.contains("supervisor event=node-back host=" + lost), back);
        String again = TestCluster.await(() -> {
            String s = status();
            return s.contains(RANKS + " ranks up on 3 hosts") ? s : null;
        }, java.time.Duration.ofSeconds(30));
        assertTrue(!again.contains("left out"), again);
    }

    /**
     * A node that takes the launch and never calls back (its network drops everything, while the
     * launcher still runs commands there) is found by the supervisor's probe, a one-rank MPI job
     * launched as the ranks are, and left out, instead of keeping mpirun waiting.
     */
    @Test
    @Order(5)
    void aNodeThatTakesTheLaunchButNeverCallsBackIsLeftOut() throws Exception {
        int mark = cluster.logMark();
        rehearsal("silence", "node2");
        try {
            // The MPI job must launch again to notice: a worker on node3 dies.
            new ProcessBuilder("bash", "-c", "ip netns pids tsr-node3 | xargs -r -n1 sh -c "
                    + "'grep -q ClusterMain /proc/$0/cmdline && kill -KILL $0' ").inheritIO().start().waitFor();
            String silent = SUBNET + ".12";
            TestCluster.await(() -> Pattern.compile("event=start restarts=\\d+ ranks=6 .*left_out=" + Pattern.quote(silent))
                    .matcher(cluster.logSince(mark)).find() ? true : null, java.time.Duration.ofMinutes(2));
            String log = cluster.logSince(mark);
            log.lines().filter(line -> line.contains("supervisor event=")).forEach(System.out::println);
            assertTrue(log.contains("supervisor event=node-lost host=" + silent), log);
            List<Path> inputs = sixtyDistinctImages().subList(0, 12);
            TestCluster.Run run = cluster.cli(processArgs("find-edges", work.resolve("out-silent"), inputs));
            assertEquals(Main.OK, run.code(), run.err());
            assertTrue(!run.out().contains(" on node2,"), "nothing ran on the silent node:\n" + run.out());
        } finally {
            rehearsal("heal", "node2");
        }
        TestCluster.await(() -> cluster.logSince(mark).contains("supervisor event=node-back host=" + SUBNET + ".12")
                ? true : null, java.time.Duration.ofMinutes(2));
    }

    /** Seconds between the first line containing {@code from} and the first later line containing {@code to}. */
    private static double secondsBetween(String log, String from, String to) {
        java.time.Instant start = null;
        for (String line : log.split("\n")) {
            if (start == null && line.contains(from)) {
                start = java.time.Instant.parse(line.substring(0, line.indexOf(' ')));
            } else if (start != null && line.contains(to)) {
                return java.time.Duration.between(start, java.time.Instant.parse(line.substring(0, line.indexOf(' '))))
                        .toMillis() / 1000.0;
            }
        }
        throw new AssertionError("no " + from + " followed by " + to + " in\n" + log);
    }

    private static List<Path> sixtyDistinctImages() throws IOException {
        return Rehearsal.sixtyDistinctImages(SampleImages.get("camera.png").getParent(), work);
    }

    /** {@code tessera-cluster status}, as an operator runs it, against the servers in the head. */
    private static String status() throws Exception {
        return TestCluster.await(() -> {
            Process status = new ProcessBuilder("bash", LocalLayout.fromSystemProperty().supervisor().toString(),
                    "status", "--config", cluster.services.configFile().toString(), "--java",
                    ProcessHandle.current().info().command().orElseThrow()).redirectErrorStream(true).start();
            String printed = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return status.waitFor() == 0 && printed.contains("  hosts ") ? printed : null;
        }, java.time.Duration.ofSeconds(30));
    }

    /** The ranks that a status line {@code node1: 0 1 2 · node2: 3 4 5 · node3: 6} puts on {@code host}. */
    private static Set<Integer> ranksOn(String hostsLine, String host) {
        Set<Integer> ranks = new TreeSet<>();
        for (String part : hostsLine.split(" · ")) {
            if (part.startsWith(host + ": ")) {
                for (String rank : part.substring(host.length() + 2).split(" ")) {
                    ranks.add(Integer.parseInt(rank));
                }
            }
        }
        return ranks;
    }

    /** The cluster's result against the same decoder and pipeline on the whole image, in this JVM. */
    private static void assertPixelsEqual(Path input, List<String> pipeline, Path result) throws Exception {
        ImagePlus decoded = new ImageCodec(250_000_000L).decode(Files.readAllBytes(input), input.getFileName().toString());
        ImageProcessor expected = CATALOG.apply(decoded.getProcessor(), pipeline.stream().map(PipelineStep::parse).toList());
        ImagePlus actual = IJ.openImage(result.toString());
        assertNotNull(actual, "ImageJ cannot open " + result);
        PixelAssertions.assertPixelsEqual(expected, actual.getProcessor(), pipeline + " on " + input.getFileName());
    }

    private static String rehearsal(String... args) throws IOException, InterruptedException {
        String printed = REHEARSAL.run(args);
        System.out.println("$ tessera-rehearsal " + String.join(" ", args) + "\n" + printed);
        return printed;
    }
}
