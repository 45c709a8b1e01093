package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cli.Main;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import io.tessera.ops.imagej.SampleImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rank's JVM is killed with SIGKILL in the middle of a batch of 30: mpirun tears the job down,
 * the supervisor starts it again, the jobs in flight come back through the visibility timeout,
 * and every job completes with its output computed once. A worker frozen with SIGSTOP mid-batch
 * (a real hang: the process lives, answers nothing) is found by rank 0's job timeout and handled
 * the same way.
 */
class RankCrashIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static LocalServices services;

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        services = new LocalServices(home, LocalLayout.fromSystemProperty());
        services.up(2, JOB_TIMEOUT);
    }

    /** Far above any job here (about a second each), far below the default of ten minutes. */
    private static final List<String> JOB_TIMEOUT = List.of("--job-timeout", "15");

    @AfterAll
    static void stopEverything() throws Exception {
        services.down(List.of());
        System.out.println(Files.readString(services.logDir().resolve("cluster.log")));
    }

    @Test
    void aKilledRankLosesNoJobAndEachOutputIsComputedOnce() throws Exception {
        Path log = services.logDir().resolve("cluster.log");
        int before = Files.readString(log).length();
        int restartsBefore = services.clusterRestarts();
        List<String> args = new ArrayList<>(List.of("process", "--op", "median:radius=2", "--op", "unsharp-mask",
                "--out", work.resolve("out").toString()));
        thirtyInputs().forEach(p -> args.add(p.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> new Main(System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), home, LocalLayout.fromSystemProperty())
                .run(args.toArray(String[]::new)));

        awaitDone(log, before, 5, Duration.ofSeconds(120));
        ProcessHandle rank = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("io.tessera.cluster.ClusterMain")
                        && c.contains(home.toString()) && !c.startsWith("mpirun")).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no rank JVM found"));
        System.out.println("killing rank JVM " + rank.pid() + " with SIGKILL");
        assertTrue(rank.destroyForcibly());

        assertEquals(Main.OK, (int) batch.get(5, TimeUnit.MINUTES), err.toString(StandardCharsets.UTF_8));
        try (Stream<Path> outputs = Files.list(work.resolve("out"))) {
            assertEquals(30, outputs.count(), "one output per input");
        }
        assertTrue(services.clusterRestarts() > restartsBefore, "the supervisor counted the restart");
        Map<String, Long> computed = countBy(Files.readString(log).substring(before), "event=job-done job=(\\S+)");
        assertEquals(30, computed.size(), "every job computed");
        computed.forEach((job, times) -> assertEquals(1L, times, job + " computed " + times + " times"));
    }

    /** Stopping the cluster drains it: running jobs finish, fetched ones go back, none is lost. */
    @Test
    void stoppingTheClusterDrainsItAndTheBatchCompletesAfterARestart() throws Exception {
        Path log = services.logDir().resolve("cluster.log");
        int before = Files.readString(log).length();
        List<String> args = new ArrayList<>(List.of("process", "--op", "median:radius=3", "--out",
                work.resolve("drained").toString()));
        inputs(work.resolve("in-drain"), 12).forEach(p -> args.add(p.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> new Main(System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), home, LocalLayout.fromSystemProperty())
                .run(args.toArray(String[]::new)));
        while (countBy(Files.readString(log).substring(before), "event=job-done job=(\\S+)").size() < 2) {
            Thread.sleep(100);
        }
        services.down(List.of("cluster"));
        String during = Files.readString(log).substring(before);
        assertTrue(during.contains("event=drained"), "rank 0 drained:\n" + during);
        assertEquals(countBy(during, "event=job-start job=(\\S+)").keySet(),
                countBy(during, "event=job-(?:done|failed|reused) job=(\\S+)").keySet(),
                "every job that started before the stop finished");

        services.up(2, JOB_TIMEOUT);
        assertEquals(Main.OK, (int) batch.get(5, TimeUnit.MINUTES), err.toString(StandardCharsets.UTF_8));
        try (Stream<Path> outputs = Files.list(work.resolve("drained"))) {
            assertEquals(12, outputs.count(), "one output per input");
        }
    }

    @Test
    void aHungWorkerIsFoundByTheJobTimeoutAndTheBatchCompletes() throws Exception {
        Path log = services.logDir().resolve("cluster.log");
        int before = Files.readString(log).length();
        int restartsBefore = services.clusterRestarts();
        List<String> args = new ArrayList<>(List.of("process", "--op", "median:radius=2", "--out",
                work.resolve("hung").toString()));
        inputs(work.resolve("in-hung"), 10).forEach(p -> args.add(p.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> new Main(System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), home, LocalLayout.fromSystemProperty())
                .run(args.toArray(String[]::new)));

        awaitDone(log, before, 2, Duration.ofSeconds(120));
        ProcessHandle worker = rankJvm(1);
        System.out.println("freezing worker JVM " + worker.pid() + " with SIGSTOP");
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(worker.pid())).start().waitFor());

        assertEquals(Main.OK, (int) batch.get(5, TimeUnit.MINUTES), err.toString(StandardCharsets.UTF_8));
        String during = Files.readString(log).substring(before);
        assertTrue(during.contains("event=rank-hung rank=1"), "rank 0 named the hung rank:\n" + during);
        assertTrue(services.clusterRestarts() > restartsBefore, "the supervisor counted the restart");
        try (Stream<Path> outputs = Files.list(work.resolve("hung"))) {
            assertEquals(10, outputs.count(), "one output per input");
        }
        assertEquals(10, countBy(during, "event=job-(?:done|reused) job=(\\S+)").size(), "every job finished");
    }

    /** The JVM of one rank of the cluster this test started (Open MPI tells each rank its number). */
    private static ProcessHandle rankJvm(int rank) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("io.tessera.cluster.ClusterMain")
                        && c.contains(home.toString()) && !c.startsWith("mpirun")).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p -> environment(p).contains("OMPI_COMM_WORLD_RANK=" + rank + "\0"))
                .findFirst().orElseThrow(() -> new AssertionError("no JVM of rank " + rank + " found"));
    }

    private static String environment(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"),
                    StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static List<Path> thirtyInputs() throws Exception {
        return inputs(work.resolve("in"), 30);
    }

    private static List<Path> inputs(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        List<Path> samples;
        try (Stream<Path> all = Files.list(SampleImages.get("camera.png").getParent())) {
            samples = all.filter(p -> p.toString().endsWith(".png") && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; inputs.size() < count; i++) {
            Path source = samples.get(i % samples.size());
            inputs.add(Files.copy(source, dir.resolve(i + "-" + source.getFileName())));
        }
        return inputs;
    }

    private static void awaitDone(Path log, int from, int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (countBy(Files.readString(log).substring(from), "event=job-done job=(\\S+)").size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("fewer than " + count + " jobs done after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, Long> countBy(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> hits = new ArrayList<>();
        while (m.find()) {
            hits.add(m.group(1));
        }
        return hits.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
