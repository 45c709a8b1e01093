package io.tessera.cluster;

import static io.tessera.cluster.TestCluster.await;
import static io.tessera.cluster.TestCluster.countBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.job.Provenance;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever fails, no job is lost and none is computed twice: the S3 server stopped mid-batch, the
 * SQS server restarted mid-batch (its store persists), the same job delivered twice, and a client
 * that stops following mid-batch and comes back. Ends with one line: jobs submitted, computed,
 * answered, failed as expected, lost (must be 0), computed twice (must be 0).
 *
 * <p>Every figure is observed, not derived: computations are counted per job from the cluster's
 * log ({@code event=job-done}; a job found already done logs {@code job-reused}), and what the
 * clients were told is read straight from the events queue, every message, before any client
 * logic could drop a repeated one. A batch is over when every job was answered and the jobs queue
 * holds nothing that could make another event.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FaultsIT {
    private static final OperationCatalog CATALOG = OperationCatalog.fromServiceLoader(FaultsIT.class.getClassLoader());
    private static final List<PipelineStep> MEDIAN = List.of(PipelineStep.parse("median:radius=3"));
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;
    /** Every job submitted here, and the ones among them that must fail (inputs that are not images). */
    private static final Set<String> SUBMITTED = ConcurrentHashMap.newKeySet();
    private static final Set<String> MUST_FAIL = ConcurrentHashMap.newKeySet();
    /** Jobs whose final event a client received, by final state. */
    private static final Map<String, JobState> ANSWERED = new ConcurrentHashMap<>();
    /** Jobs whose final event came more than once (allowed: the client ignores the repeat), counted to be seen. */
    private static final Set<String> TOLD_AGAIN = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        cluster = TestCluster.start(home, 3);
    }

    @AfterAll
    static void stopAndTally() throws Exception {
        Map<String, Long> computed = countBy(cluster.logSince(0), "event=job-done job=(\\S+)");
        cluster.close();
        long failedAsExpected = MUST_FAIL.stream().filter(job -> ANSWERED.get(job) == JobState.FAILED).count();
        Set<String> lost = new TreeSet<>(SUBMITTED);
        lost.removeAll(ANSWERED.keySet());
        Set<String> computedTwice = new TreeSet<>();
        computed.forEach((job, times) -> {
            if (times > 1) {
                computedTwice.add(job);
            }
        });
        System.out.printf("faults: jobs submitted %d, computed %d, answered %d (%d of them twice, the same answer),"
                + " failed as expected %d of %d, lost %d, computed twice %d%n", SUBMITTED.size(),
                computed.keySet().stream().filter(SUBMITTED::contains).count(), ANSWERED.size(), TOLD_AGAIN.size(),
                failedAsExpected, MUST_FAIL.size(), lost.size(), computedTwice.size());
        assertEquals(Set.of(), lost, "jobs never answered");
        assertEquals(Set.of(), computedTwice, "jobs computed twice");
        assertEquals(MUST_FAIL.size(), failedAsExpected, "the inputs that are not images failed");
    }

    /**
     * S3 goes down once 3 of 12 jobs are done and stays down until a rank has met the outage (a
     * RETRYING event), at least 4 s. One input is not an image: it must fail, the rest complete.
     */
    @Test
    void theS3ServerStoppedMidBatch() throws Exception {
        Map<String, List<JobEvent>> told = serverDownMidBatch("s3", Duration.ofSeconds(4),
                (events, log) -> events.values().stream().flatMap(List::stream)
                        .anyMatch(e -> e.state() == JobState.RETRYING));
        assertTrue(told.values().stream().flatMap(List::stream).anyMatch(e -> e.state() == JobState.RETRYING),
                "the outage reached a rank: " + told);
    }

    /**
     * SQS goes down once 3 of 12 jobs are done, and comes back (its store kept) once rank 0 has
     * met the outage in its log, at least 1 s.
     */
    @Test
    void theSqsServerRestartedMidBatch() throws Exception {
        serverDownMidBatch("sqs", Duration.ofSeconds(1),
                (events, log) -> log.matches("(?s).*rank=0 event=(sqs-receive-failed|sqs-delete-failed|event-undeliverable"
                        + "|control-plane-error|sqs-extend-failed|sqs-return-failed)\\b.*"));
    }

    /**
     * SQS crashes (SIGKILL) the moment it has accepted a batch: every job it acknowledged is there
     * when it comes back, and runs. H2 wrote ElasticMQ's messages to disk up to a second late, so
     * a crash lost the last ones it had acknowledged (releng/bench/sqs_sigterm_loss.sh counted
     * 88-92 of ~500 with SIGNAL=KILL); LocalServices now has it write each one before answering.
     */
    @Test
    void theSqsServerKilledTheMomentItAcceptedABatch() throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            String events = "tessera-events-sqs-killed";
            clients.createQueue(events);
            BatchClient client = client(clients, events);
            List<JobSpec> jobs = client.submit(BatchClient.newBatchName(), inputs("sqs-killed", 12), MEDIAN);
            submitted(jobs, Set.of());
            ProcessHandle sqs = cluster.services.processes().get("sqs");
            sqs.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
            sqs.onExit().get(30, TimeUnit.SECONDS);
            System.out.println("killed the sqs server right after it accepted " + jobs.size() + " jobs");
            cluster.services.up(3);
            // Until nothing is left that could answer: no job message on the queue, none for a second.
            Map<String, List<JobEvent>> told = new ConcurrentHashMap<>();
            JobQueue eventsQueue = clients.queue(events);
            await(() -> {
                receiveInto(eventsQueue, told);
                int before = told.values().stream().mapToInt(List::size).sum();
                Thread.sleep(1000);
                receiveInto(eventsQueue, told);
                var depth = clients.jobs().depth();
                return depth.waiting() + depth.inFlight() + depth.delayed() == 0
                        && told.values().stream().mapToInt(List::size).sum() == before;
            }, Duration.ofMinutes(3));
            for (JobSpec job : jobs) {
                List<JobEvent> finals = finals(told.get(job.jobId()));
                assertFalse(finals.isEmpty(), job.jobId() + " was acknowledged by SQS and never answered: lost");
                assertEquals(JobState.DONE, finals.get(0).state(), String.valueOf(finals.get(0).error()));
                ANSWERED.put(job.jobId(), finals.get(0).state());
                if (finals.size() > 1) {
                    TOLD_AGAIN.add(job.jobId());
                }
            }
            clients.deleteQueue(events);
        }
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
            submitted(jobs, Set.of());
            Map<String, List<JobEvent>> told = readEventsUntilSettled(clients, events, jobs, new ConcurrentHashMap<>());
            String log = cluster.logSince(mark);
            assertTrue(log.matches("(?s).*(job-copy-held|job-reused).*"), "the copy was seen:\n" + log);
            assertEquals(1L, countBy(log, "event=job-done job=(\\S+)").get(jobs.get(0).jobId()), "computed once");
            assertEquals(1, finals(told.get(jobs.get(0).jobId())).stream().map(e -> e.state() + " " + e.outputKey())
                    .distinct().count(), "one answer, however often told: " + told);
            clients.deleteQueue(events);
        }
    }

    /**
     * A slot looks for an earlier delivery's result only when rank 0 says the job may have run
     * before: on a first delivery it stores its result without that look-up (a HEAD that S3 answers
     * "no such key"); told that the job may have run, it finds the result and reports it reused.
     * For a client that reads the provenance record from the result's metadata, the result and its
     * record go up in one request and are found again with one HEAD; for an older client, the
     * record is an object beside the result, stored after it. The S3 requests are counted by the
     * client the runner uses, per operation.
     */
    @Test
    void onlyAJobThatMayHaveRunBeforeLooksForAnEarlierResult() throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            byte[] input = Files.readAllBytes(SampleImages.get("coins.png"));
            JobRunner runner = runner(clients);
            for (boolean inMetadata : new boolean[] {true, false}) {
                JobSpec job = storedJob(clients, input, MEDIAN);
                Map<String, Long> before = clients.requests().snapshot();
                JobEvent first = runner.run(new HandedJob(job, false, inMetadata), 1, () -> input, () -> {
                });
                assertEquals(JobState.DONE, first.state(), String.valueOf(first.error()));
                assertFalse(first.wasReused());
                assertEquals(0, requestsSince(clients, before, "S3.HeadObject"), "a first delivery looks for nothing");
                assertEquals(inMetadata ? 1 : 2, requestsSince(clients, before, "S3.PutObject"),
                        "the result, and its record beside it unless it is on the result");
                assertEquals(!inMetadata, clients.objectStore().exists(first.outputKey() + Provenance.SUFFIX));
                byte[] record = BatchClient.provenanceRecord(clients.objectStore(), first.outputKey(),
                        clients.objectStore().read(first.outputKey()).metadata());
                Provenance provenance = JobCodec.decodeProvenance(new String(record, StandardCharsets.UTF_8));
                assertEquals(Provenance.sha256(input), provenance.inputSha256());
                assertEquals(first.outputKey(), provenance.outputKey());

                before = clients.requests().snapshot();
                JobEvent again = runner.run(new HandedJob(job, true, inMetadata), 1, () -> input, () -> {
                });
                assertTrue(again.wasReused(), "the earlier result was found: " + again);
                assertEquals(first.outputKey(), again.outputKey());
                assertEquals(1, requestsSince(clients, before, "S3.HeadObject"), "one look-up");
                assertEquals(inMetadata ? 0 : 1, requestsSince(clients, before, "S3.GetObject"),
                        "the record read from the look-up's answer, or from the object beside the result");
                assertEquals(0, requestsSince(clients, before, "S3.PutObject"), "nothing stored again");
            }
        }
    }

    /**
     * A record too large for S3's 2 KB of metadata (a long pipeline) goes beside the result even for
     * a client that reads it from the metadata, which then finds it there; and a job whose earlier
     * delivery stored its record beside the result (it came from the dead letters without the
     * client's attribute) finds that one.
     */
    @Test
    void aRecordThatDoesNotFitInMetadataGoesBesideTheResult() throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            byte[] input = Files.readAllBytes(SampleImages.get("coins.png"));
            JobRunner runner = runner(clients);
            List<PipelineStep> long80 = java.util.Collections.nCopies(80, PipelineStep.parse("invert"));
            JobSpec job = storedJob(clients, input, long80);
            JobEvent first = runner.run(new HandedJob(job, false, true), 1, () -> input, () -> {
            });
            assertEquals(JobState.DONE, first.state(), String.valueOf(first.error()));
            assertTrue(clients.objectStore().exists(first.outputKey() + Provenance.SUFFIX), "the record beside");
            assertTrue(clients.objectStore().metadata(first.outputKey()).orElseThrow().get(Provenance.METADATA) == null,
                    "nothing on the result");
            byte[] record = BatchClient.provenanceRecord(clients.objectStore(), first.outputKey(),
                    clients.objectStore().read(first.outputKey()).metadata());
            assertEquals(80, JobCodec.decodeProvenance(new String(record, StandardCharsets.UTF_8)).pipeline().size());

            JobSpec older = storedJob(clients, input, MEDIAN);
            assertEquals(JobState.DONE, runner.run(new HandedJob(older, false, false), 1, () -> input, () -> {
            }).state());
            Map<String, Long> before = clients.requests().snapshot();
            JobEvent again = runner.run(new HandedJob(older, true, true), 1, () -> input, () -> {
            });
            assertTrue(again.wasReused(), "the record beside the result was found: " + again);
            assertEquals(2, requestsSince(clients, before, "S3.HeadObject"), "the result, then beside it");
        }
    }

    /** A runner as a worker rank has one, on the test cluster's bucket; no strips, no macros. */
    private static JobRunner runner(CloudClients clients) {
        return new JobRunner(clients.objectStore(), CATALOG, new io.tessera.ops.imagej.ImageCodec(Long.MAX_VALUE),
                Long.MAX_VALUE, null, CodePolicy.of(false, java.util.Optional.empty()));
    }

    /** A job of a new batch whose input is already stored. */
    private static JobSpec storedJob(CloudClients clients, byte[] input, List<PipelineStep> pipeline)
            throws java.io.IOException {
        String batch = BatchClient.newBatchName();
        clients.objectStore().put("inputs/" + batch + "/coins.png", input, "image/png");
        return new JobSpec(JobCodec.VERSION, batch + "-0", batch, "inputs/" + batch + "/coins.png",
                "results/" + batch + "/coins", "tessera-events-unused", pipeline);
    }

    private static long requestsSince(CloudClients clients, Map<String, Long> before, String operation) {
        return clients.requests().snapshot().getOrDefault(operation, 0L) - before.getOrDefault(operation, 0L);
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
            submitted(jobs, Set.of());
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
            // This test is about the client: what follow() delivered is what counts here.
            assertEquals(jobs.size(), completions.size(), "jobs completed: " + completions);
            completions.forEach((job, n) -> assertEquals(1, n, job + " completed " + n + " times"));
            jobs.forEach(job -> ANSWERED.put(job.jobId(), JobState.DONE));
            try (Stream<Path> fetched = Files.list(out)) {
                assertEquals(jobs.size() - 1, fetched.count(), "every result finished meanwhile was fetched");
            }
            clients.deleteQueue(events);
        }
    }

    /** What has been observed so far: events by job from the raw queue, and the cluster log. */
    private interface Observation {
        boolean holds(Map<String, List<JobEvent>> events, String log) throws Exception;
    }

    /**
     * A batch of 12 (one of them not an image) in which {@code server} stops once 3 jobs are done,
     * and comes back when {@code met} holds, after {@code atLeast}. Returns what the client was told.
     */
    private Map<String, List<JobEvent>> serverDownMidBatch(String server, Duration atLeast, Observation met)
            throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            String events = "tessera-events-" + server + "-down";
            clients.createQueue(events);
            BatchClient client = client(clients, events);
            int mark = cluster.logMark();
            List<Path> inputs = new ArrayList<>(inputs(server, 11));
            Path notAnImage = Files.writeString(work.resolve("in-" + server).resolve("notes.png"), "not an image");
            inputs.add(5, notAnImage);
            List<JobSpec> jobs = client.submit(BatchClient.newBatchName(), inputs, MEDIAN);
            submitted(jobs, Set.of(jobs.get(5).jobId()));
            Map<String, List<JobEvent>> told = new ConcurrentHashMap<>();
            JobQueue eventsQueue = clients.queue(events);
            await(() -> {
                receiveInto(eventsQueue, told);
                return countBy(cluster.logSince(mark), "event=job-done job=(\\S+)").size() >= 3;
            }, Duration.ofMinutes(2));
            System.out.println("stopping the " + server + " server, for at least " + atLeast.toSeconds() + " s");
            cluster.services.down(List.of(server));
            Instant back = Instant.now().plus(atLeast);
            await(() -> {
                if (!server.equals("sqs")) {
                    receiveInto(eventsQueue, told);
                }
                return Instant.now().isAfter(back) && met.holds(told, cluster.logSince(mark));
            }, Duration.ofMinutes(2));
            cluster.services.up(3);
            readEventsUntilSettled(clients, events, jobs, told);

            for (JobSpec job : jobs) {
                List<JobEvent> finals = finals(told.get(job.jobId()));
                assertFalse(finals.isEmpty(), job.jobId() + " never answered");
                // Delivery is at least once: an answer may come twice (a delete lost with the server),
                // but never two different answers.
                assertEquals(1, finals.stream().map(e -> e.state() + " " + e.outputKey()).distinct().count(),
                        job.jobId() + " told different things: " + finals);
                JobState expected = job.jobId().equals(jobs.get(5).jobId()) ? JobState.FAILED : JobState.DONE;
                assertEquals(expected, finals.get(0).state(), String.valueOf(finals.get(0).error()));
                if (expected == JobState.DONE) {
                    assertTrue(clients.objectStore().exists(finals.get(0).outputKey()), "the result is stored");
                }
            }
            clients.deleteQueue(events);
            return told;
        }
    }

    /**
     * Reads the events queue into {@code told} until every job was answered and nothing more can
     * come; records the answers for the tally.
     */
    private static Map<String, List<JobEvent>> readEventsUntilSettled(CloudClients clients, String events,
            List<JobSpec> jobs, Map<String, List<JobEvent>> told) throws Exception {
        JobQueue queue = clients.queue(events);
        await(() -> {
            receiveInto(queue, told);
            boolean allAnswered = jobs.stream().allMatch(job -> !finals(told.get(job.jobId())).isEmpty());
            var depth = clients.jobs().depth();
            // Nothing left on the jobs queue (waiting, held by rank 0 or delayed) can make another event.
            return allAnswered && depth.waiting() + depth.inFlight() + depth.delayed() == 0
                    && queue.receive(10, Duration.ofSeconds(1)).isEmpty();
        }, Duration.ofMinutes(3));
        for (JobSpec job : jobs) {
            List<JobEvent> finals = finals(told.get(job.jobId()));
            ANSWERED.put(job.jobId(), finals.get(0).state());
            if (finals.size() > 1) {
                TOLD_AGAIN.add(job.jobId());
            }
        }
        return told;
    }

    /**
     * Every message on the queue, recorded and deleted. A message seen again because its delete
     * was lost (SQS restarted) is recorded once: a redelivery with a body already seen is skipped.
     */
    private static void receiveInto(JobQueue queue, Map<String, List<JobEvent>> told) throws Exception {
        List<JobQueue.Message> received;
        try {
            received = queue.receive(10, Duration.ZERO);
        } catch (java.io.IOException e) {
            return; // the server is down: read again later
        }
        for (JobQueue.Message message : received) {
            JobEvent event = JobCodec.decodeEvent(message.body());
            List<JobEvent> ofJob = told.computeIfAbsent(event.jobId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>());
            if (message.receiveCount() == 1 || !ofJob.contains(event)) {
                ofJob.add(event);
            }
        }
        try {
            queue.deleteAll(received);
        } catch (java.io.IOException e) {
            // they come back, and are recognised above
        }
    }

    private static List<JobEvent> finals(List<JobEvent> events) {
        return events == null ? List.of() : events.stream().filter(e -> e.state().isFinal()).toList();
    }

    private static void submitted(List<JobSpec> jobs, Set<String> mustFail) {
        jobs.forEach(job -> SUBMITTED.add(job.jobId()));
        MUST_FAIL.addAll(mustFail);
    }

    /** A client of the cluster listening on {@code events}, as the workbench and the CLI are. */
    private static BatchClient client(CloudClients clients, String events) throws java.io.IOException {
        return new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events, CATALOG);
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
}
