package io.tessera.cluster;

import static io.tessera.cluster.TestCluster.countBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cli.Main;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ops.imagej.SampleImages;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever fails, no job is lost and none is done twice: the S3 server stopped for a few seconds
 * mid-batch, the SQS server restarted mid-batch (its store persists), the same job delivered
 * twice, and a client that stops following mid-batch and comes back. Ends with one line: jobs
 * submitted, completed, failed as expected, lost (must be 0), duplicated (must be 0).
 */
class FaultsIT {
    private static final OperationCatalog CATALOG = OperationCatalog.fromServiceLoader(FaultsIT.class.getClassLoader());
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;
    private static final AtomicInteger SUBMITTED = new AtomicInteger();
    private static final AtomicInteger COMPLETED = new AtomicInteger();
    private static final AtomicInteger FAILED_AS_EXPECTED = new AtomicInteger();
    private static final AtomicInteger DUPLICATED = new AtomicInteger();

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        cluster = TestCluster.start(home, 3);
    }

    @AfterAll
    static void stopAndTally() throws Exception {
        cluster.close();
        int lost = SUBMITTED.get() - COMPLETED.get() - FAILED_AS_EXPECTED.get();
        System.out.printf("faults: jobs submitted %d, completed %d, failed as expected %d, lost %d, duplicated %d%n",
                SUBMITTED.get(), COMPLETED.get(), FAILED_AS_EXPECTED.get(), lost, DUPLICATED.get());
        assertEquals(0, lost, "jobs lost");
        assertEquals(0, DUPLICATED.get(), "jobs completed twice");
    }

    @Test
    void theS3ServerStoppedForAFewSecondsMidBatch() throws Exception {
        serverDownMidBatch("s3", Duration.ofSeconds(4));
    }

    @Test
    void theSqsServerRestartedMidBatch() throws Exception {
        serverDownMidBatch("sqs", Duration.ofSeconds(1));
    }

    /** SQS delivers at least once: a second copy of a job gives no second output and no second completion. */
    @Test
    void theSameJobDeliveredTwice() throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            String events = "tessera-events-twice";
            clients.createQueue(events);
            BatchClient client = client(clients, events);
            int mark = cluster.logMark();
            List<JobSpec> jobs = client.submit(BatchClient.newBatchName(), inputs("twice", 1),
                    List.of(PipelineStep.parse("median:radius=4")));
            // The same message again, past FIFO deduplication: as when a delete was lost.
            clients.jobs().send(JobCodec.encode(jobs.get(0)), jobs.get(0).batch(), jobs.get(0).jobId() + "-again");
            SUBMITTED.addAndGet(jobs.size());
            Map<String, Integer> completions = new HashMap<>();
            client.follow(jobs, Duration.ofMinutes(2), event -> {
                if (event.state().isFinal()) {
                    completions.merge(event.jobId(), 1, Integer::sum);
                }
            });
            // Whatever the second copy met (held beside the running one, or the result made), it
            // must be finished with: wait for the cluster to say so, then check nothing more came.
            await(() -> cluster.logSince(mark).matches("(?s).*(job-copy-held|job-reused).*"), Duration.ofSeconds(60));
            Thread.sleep(2_000);
            tally(completions, jobs.size());
            assertEquals(1L, countBy(cluster.logSince(mark), "event=job-done job=(\\S+)").get(jobs.get(0).jobId()),
                    "computed once");
            clients.deleteQueue(events);
        }
    }

    /**
     * A client stops following mid-batch (the workbench closed) and a new one comes back on the same
     * events queue (as the workbench does with its workspace's queue): it gets the events of the
     * jobs that finished meanwhile and fetches their results.
     */
    @Test
    void aClientThatLeftMidBatchComesBackAndFetchesWhatFinishedMeanwhile() throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            String events = "tessera-events-comeback";
            clients.createQueue(events);
            BatchClient first = client(clients, events);
            List<JobSpec> jobs = first.submit(BatchClient.newBatchName(), inputs("comeback", 8),
                    List.of(PipelineStep.parse("median:radius=3")));
            SUBMITTED.addAndGet(jobs.size());
            Map<String, Integer> completions = new HashMap<>();
            // Follows the first job only, then leaves, as a closed workbench does.
            first.follow(jobs.subList(0, 1), Duration.ofMinutes(2), event -> {
                if (event.state().isFinal()) {
                    completions.merge(event.jobId(), 1, Integer::sum);
                }
            });
            await(() -> countBy(cluster.logSince(0), "event=job-(?:done|reused) job=(" + jobs.get(0).batch()
                    + "\\S+)").size() == jobs.size(), Duration.ofMinutes(2));

            BatchClient back = client(clients, events);
            Path out = work.resolve("comeback-out");
            back.follow(jobs.subList(1, jobs.size()), Duration.ofMinutes(1), event -> {
                if (event.state() == JobState.DONE) {
                    completions.merge(event.jobId(), 1, Integer::sum);
                    try {
                        back.fetch(event, out);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            tally(completions, jobs.size());
            try (Stream<Path> fetched = Files.list(out)) {
                assertEquals(jobs.size() - 1, fetched.count(), "every result finished meanwhile was fetched");
            }
            clients.deleteQueue(events);
        }
    }

    /** A batch of 12 in which {@code server} stops once 3 jobs are done and comes back after {@code down}. */
    private void serverDownMidBatch(String server, Duration down) throws Exception {
        int mark = cluster.logMark();
        List<Path> inputs = inputs(server, 12);
        SUBMITTED.addAndGet(inputs.size());
        Path out = work.resolve(server + "-out");
        CompletableFuture<Run> batch = cluster.processInBackground("median:radius=3", out, inputs);
        await(() -> countBy(cluster.logSince(mark), "event=job-done job=(\\S+)").size() >= 3, Duration.ofMinutes(2));
        System.out.println("stopping the " + server + " server for " + down.toSeconds() + " s");
        cluster.services.down(List.of(server));
        Thread.sleep(down.toMillis());
        cluster.services.up(3);
        Run run = batch.get(5, TimeUnit.MINUTES);
        assertEquals(Main.OK, run.code(), run.err());
        Map<String, Integer> completions = new HashMap<>();
        for (String line : run.out().split("\n")) {
            if (line.contains(" -> ")) {
                completions.merge(line.substring(0, line.indexOf(" -> ")), 1, Integer::sum);
            }
        }
        tally(completions, inputs.size());
        try (Stream<Path> results = Files.list(out)) {
            assertEquals(inputs.size(), results.count(), "one result per input");
        }
    }

    /** A client of the cluster listening on {@code events}, as the workbench and the CLI are. */
    private static BatchClient client(CloudClients clients, String events) throws java.io.IOException {
        return new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events, CATALOG);
    }

    private static void tally(Map<String, Integer> completions, int expected) {
        COMPLETED.addAndGet(completions.size());
        completions.values().forEach(n -> DUPLICATED.addAndGet(n - 1));
        assertEquals(expected, completions.size(), "jobs completed: " + completions);
        completions.forEach((job, n) -> assertEquals(1, n, job + " completed " + n + " times"));
    }

    private static List<Path> inputs(String name, int count) throws Exception {
        Path dir = Files.createDirectories(work.resolve("in-" + name));
        List<String> samples = List.of("camera.png", "astronaut.png", "coins.png", "moon.png", "coffee.png",
                "chelsea.png");
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sample = samples.get(i % samples.size());
            inputs.add(Files.copy(SampleImages.get(sample), dir.resolve(i + "-" + sample)));
        }
        return inputs;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }
}
