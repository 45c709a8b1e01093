package io.tessera.cluster;

import static io.tessera.cluster.TestCluster.countBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cli.Main;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.JobQueue;
import io.tessera.ops.imagej.SampleImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's own failures, on a real supervised {@code mpirun}: a rank's JVM killed with
 * SIGKILL in the middle of a batch of 30 (mpirun tears the job down, the supervisor starts it
 * again, the jobs in flight come back through the visibility timeout, and every job completes with
 * its output computed once); a worker and then rank 0 frozen with SIGSTOP (a real hang: the
 * process lives and answers nothing), found by rank 0's job timeout and by the supervisor's
 * heartbeat check and handled the same way; and a drain in the middle of a batch.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RankCrashIT {
    /** Far above any job here (about a second each), far below the defaults of 600 s and 60 s. */
    private static final String[] TIMEOUTS = {"--job-timeout", "15", "--heartbeat-timeout", "10"};
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        cluster = TestCluster.start(home, 2, TIMEOUTS);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        cluster.close();
    }

    @Test
    void aKilledRankLosesNoJobAndEachOutputIsComputedOnce() throws Exception {
        int before = cluster.logMark();
        int restartsBefore = cluster.services.clusterRestarts();
        CompletableFuture<Run> batch = cluster.processInBackground("median:radius=2", work.resolve("out"),
                inputs(work.resolve("in"), 30));

        awaitDone(before, 5, Duration.ofSeconds(120));
        ProcessHandle rank = rankJvm(1);
        System.out.println("killing rank JVM " + rank.pid() + " with SIGKILL");
        assertTrue(rank.destroyForcibly());

        assertFinishes(batch);
        assertOutputs(work.resolve("out"), 30);
        assertTrue(cluster.services.clusterRestarts() > restartsBefore, "the supervisor counted the restart");
        String log = cluster.logSince(before);
        Map<String, Long> computed = countBy(log, "event=job-done job=(\\S+)");
        computed.forEach((job, times) -> assertEquals(1L, times, job + " computed " + times + " times"));
        // The rank killed may have stored a result and died before its job-done line reached the log:
        // the job, delivered again, finds that result and says job-reused instead of computing again.
        java.util.Set<String> answered = new java.util.TreeSet<>(computed.keySet());
        answered.addAll(countBy(log, "event=job-reused job=(\\S+)").keySet());
        assertEquals(30, answered.size(), "every job computed, or its result found made: " + answered);
    }

    /** Rank 0 watches the workers: a job past the job timeout means its rank hangs. */
    @Test
    void aHungWorkerIsFoundByTheJobTimeoutAndTheBatchCompletes() throws Exception {
        String during = freezeRankMidBatch(1, "hung");
        assertTrue(during.contains("event=rank-hung rank=1"), "rank 0 named the hung rank:\n" + during);
    }

    /**
     * Hangs are counted, not deliveries: a job SQS has already delivered three times for other
     * reasons (here: received and let go while the cluster was down, as a drain or an S3 outage
     * would) hangs its rank once, and must then run and succeed, not fail as "hung three times".
     */
    @Test
    void aJobDeliveredOftenThatHangsOnceStillSucceeds() throws Exception {
        cluster.services.down(List.of("cluster"));
        int before = cluster.logMark();
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            String events = "tessera-events-hang-once";
            clients.createQueue(events);
            BatchClient client = new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events,
                    OperationCatalog.fromServiceLoader(RankCrashIT.class.getClassLoader()));
            List<JobSpec> jobs = client.submit(BatchClient.newBatchName(), inputs(work.resolve("in-hang-once"), 1),
                    List.of(PipelineStep.parse("median:radius=2")));
            for (int delivery = 1; delivery < Coordinator.MAX_HUNG_ATTEMPTS; delivery++) {
                List<JobQueue.Message> received = clients.jobs().receive(1, Duration.ofSeconds(5));
                assertEquals(1, received.size(), "the job is on the queue");
                assertEquals(delivery, received.get(0).receiveCount());
                clients.jobs().extendVisibility(received.get(0), Duration.ZERO);
            }

            cluster.services.up(2, List.of(TIMEOUTS));
            TestCluster.await(() -> cluster.logSince(before).contains("event=job-start job=" + jobs.get(0).jobId()),
                    Duration.ofSeconds(60));
            ProcessHandle frozen = rankJvm(1);
            System.out.println("freezing the JVM of rank 1, pid " + frozen.pid() + ", in the job's third delivery");
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor());

            Map<String, JobState> finals = new HashMap<>();
            client.follow(jobs, Duration.ofMinutes(3), event -> {
                if (event.state().isFinal()) {
                    finals.put(event.jobId(), event.state());
                }
            });
            assertEquals(Map.of(jobs.get(0).jobId(), JobState.DONE), finals);
            clients.deleteQueue(events);
        }
        String during = cluster.logSince(before);
        assertTrue(Pattern.compile("event=rank-hung rank=1 job=\\S+ seconds=\\d+ hangs=1 receives="
                + Coordinator.MAX_HUNG_ATTEMPTS + "\\b").matcher(during).find(),
                "one hang, on the job's third delivery:\n" + during);
        assertEquals(1, countBy(during, "event=job-done job=(\\S+)").size(), "it ran after the hang:\n" + during);
    }

    /** The supervisor watches rank 0's heartbeat. */
    @Test
    void aHungRankZeroIsFoundByTheSupervisorAndTheBatchCompletes() throws Exception {
        String during = freezeRankMidBatch(0, "hung0");
        assertTrue(during.contains("supervisor event=rank0-hung"), "the supervisor saw rank 0 hang:\n" + during);
    }

    /** Stopping the cluster drains it: running jobs finish, fetched ones go back, none is lost. */
    @Test
    void stoppingTheClusterDrainsItAndTheBatchCompletesAfterARestart() throws Exception {
        int before = cluster.logMark();
        CompletableFuture<Run> batch = cluster.processInBackground("median:radius=3", work.resolve("drained"),
                inputs(work.resolve("in-drain"), 12));
        awaitDone(before, 2, Duration.ofSeconds(120));
        cluster.services.down(List.of("cluster"));
        String during = cluster.logSince(before);
        assertTrue(during.contains("event=drained"), "rank 0 drained:\n" + during);
        assertEquals(countBy(during, "event=job-start job=(\\S+)").keySet(),
                countBy(during, "event=job-(?:done|failed|reused) job=(\\S+)").keySet(),
                "every job that started before the stop finished");

        cluster.services.up(2, List.of(TIMEOUTS));
        assertFinishes(batch);
        assertOutputs(work.resolve("drained"), 12);
    }

    /**
     * Freezes one rank's JVM with SIGSTOP once two jobs of a batch of 8 are done, and checks that
     * the batch still completes with every job finished and the restart counted. Returns the log
     * written meanwhile.
     */
    private String freezeRankMidBatch(int rank, String name) throws Exception {
        int before = cluster.logMark();
        int restartsBefore = cluster.services.clusterRestarts();
        CompletableFuture<Run> batch = cluster.processInBackground("mean:radius=2", work.resolve(name),
                inputs(work.resolve("in-" + name), 8));
        awaitDone(before, 2, Duration.ofSeconds(120));
        ProcessHandle frozen = rankJvm(rank);
        System.out.println("freezing the JVM of rank " + rank + ", pid " + frozen.pid() + ", with SIGSTOP");
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor());

        assertFinishes(batch);
        assertOutputs(work.resolve(name), 8);
        assertTrue(cluster.services.clusterRestarts() > restartsBefore, "the supervisor counted the restart");
        String during = cluster.logSince(before);
        assertEquals(8, countBy(during, "event=job-(?:done|reused) job=(\\S+)").size(), "every job finished");
        return during;
    }

    private static void assertFinishes(CompletableFuture<Run> batch) throws Exception {
        Run run = batch.get(5, TimeUnit.MINUTES);
        assertEquals(Main.OK, run.code(), run.err());
    }

    private static void assertOutputs(Path dir, int count) throws Exception {
        try (Stream<Path> outputs = Files.list(dir)) {
            assertEquals(count, outputs.count(), "one output per input");
        }
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

    private static void awaitDone(int mark, int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (countBy(cluster.logSince(mark), "event=job-done job=(\\S+)").size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("fewer than " + count + " jobs done after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
