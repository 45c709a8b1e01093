package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.tessera.cli.Main;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.Provenance;
import io.tessera.core.job.JobState;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.JobQueue;
import io.tessera.ops.imagej.SampleImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input, through the real path (the CLI, S3Proxy, ElasticMQ, a 2-rank
 * {@code mpirun}): each ends as a FAILED job or a refusal whose reason names the cause, the
 * cluster keeps running, and the good image in the same batch succeeds. Unusual but valid inputs
 * (16- and 32-bit TIFF, palette PNG, BMP, a PNG named .jpg) succeed.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static TestCluster cluster;

    Run cli(String... args) {
        return cluster.cli(args);
    }

    @BeforeAll
    void startServersAndCluster() throws IOException {
        cluster = TestCluster.start(home, 2);
    }

    @AfterAll
    void stopEverything() throws IOException {
        cluster.close();
    }

    /** Bad files in one batch with a good one: each FAILED with its cause, the good one done. */
    @Test
    void badFilesFailWithTheirCauseAndTheGoodOneInTheBatchSucceeds() throws Exception {
        byte[] camera = Files.readAllBytes(SampleImages.get("camera.png"));
        Map<Path, String> expected = new LinkedHashMap<>();
        expected.put(SampleImages.get("truncated.jpg"), "truncated.jpg is damaged or incomplete");
        expected.put(write("corrupt.png", corruptIdat(camera)), "corrupt.png is damaged or incomplete");
        expected.put(write("half.png", java.util.Arrays.copyOf(camera, camera.length / 2)),
                "half.png is damaged or incomplete");
        expected.put(write("empty.png", new byte[0]), "empty.png is empty (0 bytes)");
        expected.put(write("notes.png", "these are my notes\n".getBytes(StandardCharsets.UTF_8)),
                "notes.png is not an image in a format Tessera reads");
        expected.put(write("page.jpg", "<html><body>404</body></html>".getBytes(StandardCharsets.UTF_8)),
                "page.jpg is not an image in a format Tessera reads");
        expected.put(write("huge.png", pngHeaderOnly(100_000, 100_000)),
                "huge.png declares 100000×100000 pixels, more than the limit of 250000000");
        expected.put(SampleImages.get("multipage.tif"), "multipage.tif holds 2 images");
        expected.put(SampleImages.get("no_time_for_that_tiny.gif"), "no_time_for_that_tiny.gif holds 24 images");
        Path good = SampleImages.get("camera.png");

        List<String> args = new ArrayList<>(List.of("process", "--op", "invert", "--out", work.resolve("bad").toString()));
        expected.keySet().forEach(p -> args.add(p.toString()));
        args.add(good.toString());
        Run run = cli(args.toArray(String[]::new));
        assertEquals(Main.JOB_FAILED, run.code(), run.err());
        for (Map.Entry<Path, String> bad : expected.entrySet()) {
            assertTrue(run.err().contains("FAILED " + bad.getKey() + ": " + bad.getValue()),
                    "reason for " + bad.getKey().getFileName() + " in:\n" + run.err());
        }
        assertTrue(Files.isRegularFile(work.resolve("bad/camera.png")), "the good image's result");
        try (var results = Files.list(work.resolve("bad"))) {
            assertEquals(List.of("camera.png"), results.map(p -> p.getFileName().toString()).toList(),
                    "no result for any bad input");
        }
    }

    /**
     * Images at the pixel limit (250 MP, gray and RGB) are processed, not failed for memory, on
     * ranks with the heap the supervisor gives them by default. The inputs are written and the
     * results checked row by row, from a formula: nothing here holds a whole image either.
     */
    @Test
    void imagesAtThePixelLimitAreProcessedGrayAndRgb() throws Exception {
        int side = (int) Math.sqrt(250_000_000L); // 15811 × 15811 = 249,987,721 pixels
        Path dir = Files.createDirectories(work.resolve("at-the-limit"));
        Path gray = LimitImages.write(dir.resolve("limit-gray.png"), side, false);
        Path rgb = LimitImages.write(dir.resolve("limit-rgb.png"), side, true);
        Path out = work.resolve("at-the-limit-out");
        Run run = cli("process", "--op", "invert", "--out", out.toString(), gray.toString(), rgb.toString());
        assertEquals(Main.OK, run.code(), run.err());
        LimitImages.assertInverted(out.resolve("limit-gray.png"), side, false);
        LimitImages.assertInverted(out.resolve("limit-rgb.png"), side, true);
    }

    /** Unusual but valid inputs are filtered like any other, keeping their pixel type. */
    @Test
    void unusualButValidImagesSucceed() throws Exception {
        ImagePlus cameraImage = IJ.openImage(SampleImages.get("camera.png").toString());
        Path floats = work.resolve("camera-32bit.tif");
        IJ.saveAsTiff(new ImagePlus("f", cameraImage.getProcessor().convertToFloat()), floats.toString());
        Path bmp = work.resolve("camera.bmp");
        javax.imageio.ImageIO.write(cameraImage.getBufferedImage(), "bmp", bmp.toFile());
        Path pngNamedJpg = write("really-a-png.jpg", Files.readAllBytes(SampleImages.get("coins.png")));
        Map<Path, String> resultOf = new LinkedHashMap<>();
        resultOf.put(SampleImages.get("chessboard_GRAY_U16.tif"), "chessboard_GRAY_U16.tif");
        resultOf.put(floats, "camera-32bit.tif");
        resultOf.put(SampleImages.get("palette_color.png"), "palette_color.png");
        resultOf.put(SampleImages.get("green_palette.png"), "green_palette.png");
        resultOf.put(bmp, "camera.png");
        resultOf.put(pngNamedJpg, "really-a-png.png");
        List<String> args = new ArrayList<>(List.of("process", "--op", "median:radius=1", "--out",
                work.resolve("unusual").toString()));
        resultOf.keySet().forEach(p -> args.add(p.toString()));
        Run run = cli(args.toArray(String[]::new));
        assertEquals(Main.OK, run.code(), run.err());
        for (Map.Entry<Path, String> input : resultOf.entrySet()) {
            ImagePlus result = IJ.openImage(work.resolve("unusual").resolve(input.getValue()).toString());
            assertTrue(result != null, "result of " + input.getKey());
            assertEquals(IJ.openImage(input.getKey().toString()).getBitDepth(), result.getBitDepth(),
                    "pixel type kept for " + input.getKey().getFileName());
        }
    }

    /** Mistakes the client can see are refused before anything is uploaded, with exit code 2. */
    @Test
    void pipelineAndFileMistakesAreRefusedBeforeUpload() throws Exception {
        String camera = SampleImages.get("camera.png").toString();
        String rgb = SampleImages.get("astronaut.png").toString();
        Map<List<String>, String> refusals = new LinkedHashMap<>();
        refusals.put(List.of("--op", "sharpen-more", camera),
                "tessera: unknown operation 'sharpen-more'; known operations: abs, add, analyze-particles, auto-threshold, bin, binary-close,");
        refusals.put(List.of("--op", "gaussian-blur:sigma=500", camera),
                "tessera: gaussian-blur: sigma=500 is out of range: it must lie in [0.1, 100] px\n");
        refusals.put(List.of("--op", "convert-to-gray", rgb, camera), "tessera: camera.png is 8-bit gray: "
                + "convert-to-gray does not work on 8-bit gray images; it accepts RGB\n");
        refusals.put(List.of("--op", "median:radius=abc", camera), "median: radius=abc is not a number");
        refusals.put(List.of("--op", "gaussian-blur:size=3", camera), "gaussian-blur has no parameter 'size'");
        refusals.put(List.of(camera), "the pipeline is empty; add at least one operation");
        refusals.put(List.of("--op", "binary-erode", rgb), "binary-erode does not work on RGB images");
        refusals.put(List.of("--op", "invert", work.toString()), "no such file: " + work);
        refusals.put(List.of("--op", "invert", work.resolve("missing.png").toString()), "no such file:");
        for (Map.Entry<List<String>, String> refusal : refusals.entrySet()) {
            List<String> args = new ArrayList<>(List.of("process", "--out", work.resolve("refused").toString()));
            args.addAll(refusal.getKey());
            Run run = cli(args.toArray(String[]::new));
            assertEquals(Main.ERROR, run.code(), run.err());
            assertTrue(run.err().contains(refusal.getValue()), "expected \"" + refusal.getValue() + "\" in " + run.err());
            assertFalse(run.err().contains("submitted"), "nothing was submitted: " + run.err());
        }
    }

    /** A missing bucket or queue and refused credentials are named, before any upload. */
    @Test
    void aBadConfigurationIsNamedPrecisely() throws Exception {
        CloudConfig good = CloudConfig.read(home.resolve("local/cloud.properties"));
        Map<CloudConfig, String> configs = new LinkedHashMap<>();
        configs.put(new CloudConfig(good.s3Endpoint(), good.sqsEndpoint(), good.region(), good.accessKey(),
                good.secretKey(), "no-such-bucket", good.jobsQueue()), "bucket no-such-bucket does not exist");
        configs.put(new CloudConfig(good.s3Endpoint(), good.sqsEndpoint(), good.region(), good.accessKey(),
                good.secretKey(), good.bucket(), "no-such-queue.fifo"), "queue no-such-queue.fifo does not exist");
        configs.put(new CloudConfig(good.s3Endpoint(), good.sqsEndpoint(), good.region(), "intruder",
                good.secretKey(), good.bucket(), good.jobsQueue()), "does not accept the access key intruder");
        configs.put(new CloudConfig(good.s3Endpoint(), good.sqsEndpoint(), good.region(), good.accessKey(),
                "wrong-secret", good.bucket(), good.jobsQueue()), "does not accept the access key " + good.accessKey());
        for (Map.Entry<CloudConfig, String> config : configs.entrySet()) {
            Path file = work.resolve("bad-config.properties");
            config.getKey().write(file);
            System.setProperty("tessera.config", file.toString());
            try {
                Run run = cli("process", "--op", "invert", "--out", work.resolve("nowhere").toString(),
                        SampleImages.get("camera.png").toString());
                assertEquals(Main.ERROR, run.code(), run.err());
                assertTrue(run.err().contains(config.getValue()), "expected \"" + config.getValue() + "\" in " + run.err());
                // No check runs first any more: the run's own first requests must fail before an upload.
                assertFalse(run.err().contains("uploaded"), "nothing was uploaded: " + run.err());
                Run check = cli("check");
                assertEquals(Main.ERROR, check.code());
                assertTrue(check.out().contains("PROBLEM") && check.out().contains(config.getValue()), check.out());
            } finally {
                System.clearProperty("tessera.config");
            }
        }
        Run check = cli("check");
        assertEquals(Main.OK, check.code(), check.out() + check.err());
    }

    /** Credentials from a named AWS profile, as operators keep them in ~/.aws/credentials. */
    @Test
    void credentialsComeFromANamedProfile() throws Exception {
        CloudConfig good = CloudConfig.read(home.resolve("local/cloud.properties"));
        Path credentials = Files.writeString(work.resolve("aws-credentials"), "[tessera-lab]\naws_access_key_id = "
                + good.accessKey() + "\naws_secret_access_key = " + good.secretKey() + "\n[stale]\n"
                + "aws_access_key_id = " + good.accessKey() + "\naws_secret_access_key = expired\n");
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        try {
            for (String profile : List.of("tessera-lab", "stale")) {
                Path file = work.resolve("profile-config.properties");
                new CloudConfig(good.s3Endpoint(), good.sqsEndpoint(), good.region(), null, null, profile,
                        good.bucket(), good.jobsQueue(), good.deadLettersQueue(), good.maxReceives()).write(file);
                System.setProperty("tessera.config", file.toString());
                Run check = cli("check");
                if (profile.equals("tessera-lab")) {
                    assertEquals(Main.OK, check.code(), check.out());
                    assertTrue(check.out().contains("credentials=profile tessera-lab"), check.out());
                } else {
                    assertEquals(Main.ERROR, check.code(), check.out());
                    assertTrue(check.out().contains("does not accept the credentials of the AWS profile stale"),
                            check.out());
                }
            }
        } finally {
            System.clearProperty("tessera.config");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    /**
     * Jobs as the cluster receives them, written by hand: an input deleted before the job ran, keys
     * that would write outside the batch, and an operation the cluster does not have (a plugin only
     * the client has). Those fail with their cause; the keys outside are never run; the cluster
     * goes on.
     */
    @Test
    void jobsTheClientCouldNotHaveCheckedFailWithTheirCause() throws Exception {
        CloudConfig config = CloudConfig.read(home.resolve("local/cloud.properties"));
        try (CloudClients clients = new CloudClients(config)) {
            String events = "tessera-events-badinput";
            JobQueue eventsQueue = clients.createQueue(events);
            List<PipelineStep> pipeline = List.of(PipelineStep.parse("invert"));
            JobSpec gone = new JobSpec(JobCodec.VERSION, "gone-0", "gone", "inputs/gone/deleted.png", "results/gone/deleted",
                    events, pipeline);
            clients.jobs().send(JobCodec.encode(gone), gone.batch(), gone.jobId());
            JobEvent failed = awaitFinal(eventsQueue, gone.jobId());
            assertEquals(JobState.FAILED, failed.state());
            assertEquals("deleted.png is no longer in the bucket (s3://tessera/inputs/gone/deleted.png)", failed.error());
            // An operation the sending client had (its plugin) and the cluster has not.
            JobSpec unknown = new JobSpec(JobCodec.VERSION, "unknown-0", "unknown", "inputs/unknown/x.png",
                    "results/unknown/x", events, List.of(PipelineStep.parse("brighten:value=3")));
            clients.jobs().send(JobCodec.encode(unknown), unknown.batch(), unknown.jobId());
            JobEvent refused = awaitFinal(eventsQueue, unknown.jobId());
            assertEquals(JobState.FAILED, refused.state());
            assertTrue(refused.error().startsWith("this cluster has no operation 'brighten': if it comes from a plugin,"
                    + " its jar is not in the cluster's plugins folder"), refused.error());
            clients.deleteQueue(events);
        }
        Run good = cli("process", "--op", "invert", "--out", work.resolve("after").toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.OK, good.code(), good.err());
    }

    /**
     * A macro is code run as the cluster's user, and the local SQS server takes any credentials:
     * macro jobs sent straight to the queue, unsigned, signed with another key, and signed and then
     * changed (the code swapped), are refused with their reason and leave nothing in the bucket;
     * the same job signed with the configuration's key runs. A job without code needs no signature.
     */
    @Test
    void macroJobsRunOnlySignedWithTheClustersKey() throws Exception {
        CloudConfig config = CloudConfig.read(home.resolve("local/cloud.properties"));
        byte[] key = config.macroKeyBytes().orElseThrow(() -> new AssertionError("the local configuration has no macro key"));
        try (CloudClients clients = new CloudClients(config)) {
            String events = "tessera-events-signatures";
            JobQueue eventsQueue = clients.createQueue(events);
            String input = "inputs/signatures/camera.png";
            clients.objectStore().put(input, java.nio.file.Files.readAllBytes(SampleImages.get("camera.png")), "image/png");
            List<PipelineStep> macro = List.of(new PipelineStep("imagej-macro", java.util.Map.of("code", "run(\"Invert\");")));
            java.util.function.Function<String, JobSpec> job = id -> new JobSpec(JobCodec.VERSION, id, "signatures", input,
                    "results/signatures/" + id, events, macro);
            JobSpec unsigned = job.apply("unsigned");
            JobSpec otherKey = io.tessera.core.job.JobSignature.sign(job.apply("other-key"),
                    io.tessera.core.job.JobSignature.parseKey(io.tessera.core.job.JobSignature.newKey()));
            JobSpec signedThenChanged = new JobSpec(JobCodec.VERSION, "changed", "signatures", input,
                    "results/signatures/changed", events, List.of(new PipelineStep("imagej-macro",
                            java.util.Map.of("code", "exec(\"touch\", \"/tmp/owned\");"))),
                    io.tessera.core.job.JobSignature.sign(job.apply("changed"), key).signature());
            JobSpec signed = io.tessera.core.job.JobSignature.sign(job.apply("signed"), key);
            JobSpec noCode = new JobSpec(JobCodec.VERSION, "no-code", "signatures", input, "results/signatures/no-code",
                    events, List.of(PipelineStep.parse("invert")));
            for (JobSpec sent : List.of(unsigned, otherKey, signedThenChanged, signed, noCode)) {
                clients.jobs().send(JobCodec.encode(sent), sent.jobId(), sent.jobId());
            }
            Map<String, JobEvent> finals = awaitFinals(eventsQueue, 5);
            JobEvent refusedUnsigned = finals.get("unsigned");
            assertEquals(JobState.FAILED, refusedUnsigned.state());
            assertTrue(refusedUnsigned.error().startsWith("the job carries code (an ImageJ macro) but is not signed"),
                    refusedUnsigned.error());
            for (String id : List.of("other-key", "changed")) {
                JobEvent refused = finals.get(id);
                assertEquals(JobState.FAILED, refused.state(), id);
                assertTrue(refused.error().startsWith("the job's signature does not match"), id + ": " + refused.error());
            }
            assertEquals(JobState.DONE, finals.get("signed").state(), String.valueOf(finals.get("signed")));
            assertEquals(JobState.DONE, finals.get("no-code").state());
            List<String> stored = clients.objectStore().keysUnder("results/signatures/");
            assertEquals(List.of("results/signatures/no-code.png", "results/signatures/signed.png"),
                    stored.stream().filter(k -> k.endsWith(".png")).sorted().toList(), "results: " + stored);
            assertFalse(java.nio.file.Files.exists(Path.of("/tmp/owned")), "the changed job's code ran");
            clients.deleteQueue(events);
        }
        String log = Files.readString(cluster.log());
        assertEquals(3, TestCluster.countBy(log, "event=job-refused job=(\\S+) batch=signatures").size(), log);
    }

    /**
     * A message that is not JSON and a job of a protocol version this build does not read can
     * never run: the cluster keeps them in the dead-letter queue with their reason (and tells the
     * sender of the second), goes on, and a person can list and discard them.
     */
    @Test
    void jobsThatCanNeverRunAreKeptAsDeadLettersWithTheirReason() throws Exception {
        CloudConfig config = CloudConfig.read(home.resolve("local/cloud.properties"));
        try (CloudClients clients = new CloudClients(config)) {
            String events = "tessera-events-deadletters";
            JobQueue eventsQueue = clients.createQueue(events);
            clients.jobs().send("this is not JSON", "garbage", "garbage-1");
            String future = JobCodec.encode(new JobSpec(JobCodec.VERSION, "future-0", "future", "inputs/future/x.png",
                    "results/future/x", events, List.of(PipelineStep.parse("invert")))).replace("\"version\":1", "\"version\":2");
            clients.jobs().send(future, "future", "future-0");

            JobEvent told = awaitFinal(eventsQueue, "future-0");
            assertEquals(JobState.FAILED, told.state());
            assertEquals("the cluster cannot read this job: the job message has version 2, but this build of Tessera"
                    + " reads version 1 only", told.error());
            clients.deleteQueue(events);
        }
        Run listed = awaitDeadLetters(2);
        assertTrue(listed.out().contains("unreadable message \"this is not JSON\": the cluster cannot read this job: "
                + "the job message is not JSON: this is not JSON"), listed.out());
        assertTrue(listed.out().contains("unreadable message \"{\"version\":2,"), listed.out());
        assertTrue(listed.out().contains("reads version 1 only"), listed.out());
        assertEquals(Main.OK, cli("dead-letters").code(), "listing again finds them still there");
        Run discarded = cli("dead-letters", "--discard");
        assertTrue(discarded.out().endsWith("2 job(s) in tessera-jobs-dead-letters.fifo, discarded\n"), discarded.out());
        assertTrue(cli("dead-letters").out().startsWith("0 job(s)"));
        Run good = cli("process", "--op", "invert", "--out", work.resolve("after-dead").toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.OK, good.code(), good.err());
    }

    /**
     * A dead letter sent back with --redrive runs again, as a job that may have run before: a rank
     * may have stored its result and died before the message was deleted.
     */
    @Test
    void aRedrivenJobRunsAgain() throws Exception {
        CloudConfig config = CloudConfig.read(home.resolve("local/cloud.properties"));
        try (CloudClients clients = new CloudClients(config)) {
            String events = "tessera-events-redrive";
            JobQueue eventsQueue = clients.createQueue(events);
            clients.objectStore().put("inputs/redrive/camera.png", Files.readAllBytes(SampleImages.get("camera.png")),
                    "image/png");
            JobSpec job = new JobSpec(JobCodec.VERSION, "redrive-0", "redrive", "inputs/redrive/camera.png",
                    "results/redrive/camera", events, List.of(PipelineStep.parse("invert")));
            // As the cluster leaves a job whose ranks kept dying, with what its client said with it.
            clients.deadLetters().send(JobCodec.encode(job), "dead-letters", "redrive-0-dead",
                    Map.of(io.tessera.core.batch.DeadLetters.REASON, "its ranks died",
                            Provenance.WHERE_ATTRIBUTE, Provenance.IN_METADATA));
            int mark = cluster.logMark();
            Run redriven = cli("dead-letters", "--redrive");
            assertTrue(redriven.out().contains("redrive-0 (inputs/redrive/camera.png): its ranks died"), redriven.out());
            assertTrue(redriven.out().contains("1 job(s) in tessera-jobs-dead-letters.fifo, sent back to tessera-jobs.fifo"),
                    redriven.out());
            JobEvent done = awaitFinal(eventsQueue, "redrive-0");
            assertEquals(JobState.DONE, done.state(), String.valueOf(done.error()));
            assertTrue(clients.objectStore().exists("results/redrive/camera.png"));
            // Sent back with the client's attribute: the record on the result, as that client reads it.
            assertTrue(Provenance.fromMetadata(clients.objectStore().metadata("results/redrive/camera.png")
                    .orElseThrow()).isPresent(), "the provenance record in the result's metadata");
            assertFalse(clients.objectStore().exists("results/redrive/camera.png" + Provenance.SUFFIX));
            String log = cluster.logSince(mark);
            assertTrue(log.matches("(?s).*event=job-dispatched job=redrive-0 [^\n]*may-have-run=true.*"), log);
            clients.deleteQueue(events);
        }
    }

    /** SQS itself moves a job received too often without finishing: the redrive policy Tessera sets. */
    @Test
    void aJobReceivedTooOftenMovesToTheDeadLettersByItself() throws Exception {
        CloudConfig local = CloudConfig.read(home.resolve("local/cloud.properties"));
        // Queues of their own, which no cluster reads, with a limit of 2 receives.
        CloudConfig config = new CloudConfig(local.s3Endpoint(), local.sqsEndpoint(), local.region(), local.accessKey(),
                local.secretKey(), null, local.bucket(), "redrive-test.fifo", "redrive-test-dead-letters.fifo", 2);
        try (CloudClients clients = new CloudClients(config)) {
            clients.provision();
            clients.jobs().send("{\"job\":\"crashes its rank\"}", "g", "d-1");
            for (int receive = 1; receive <= 2; receive++) {
                List<JobQueue.Message> got = clients.jobs().receive(1, Duration.ofSeconds(2));
                assertEquals(1, got.size(), "receive " + receive);
                clients.jobs().extendVisibility(got.get(0), Duration.ZERO); // as if its rank died
            }
            assertTrue(clients.jobs().receive(1, Duration.ofSeconds(1)).isEmpty(), "gone from the jobs queue");
            List<JobQueue.Message> dead = clients.deadLetters().receive(1, Duration.ofSeconds(2));
            assertEquals(1, dead.size(), "in the dead-letter queue");
            assertEquals("{\"job\":\"crashes its rank\"}", dead.get(0).body());
            clients.deleteQueue("redrive-test.fifo");
            clients.deleteQueue("redrive-test-dead-letters.fifo");
        }
    }

    private Run awaitDeadLetters(int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Run run = cli("dead-letters");
            if (run.out().contains(count + " job(s) in") || Instant.now().isAfter(deadline)) {
                return run;
            }
            Thread.sleep(1000);
        }
    }

    /** The final events of the next {@code count} jobs to end, by job id. */
    private Map<String, JobEvent> awaitFinals(JobQueue events, int count) throws Exception {
        Map<String, JobEvent> finals = new java.util.TreeMap<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (finals.size() < count && Instant.now().isBefore(deadline)) {
            for (JobQueue.Message message : events.receive(10, Duration.ofSeconds(2))) {
                events.delete(message);
                JobEvent event = JobCodec.decodeEvent(message.body());
                if (event.state().isFinal()) {
                    finals.put(event.jobId(), event);
                }
            }
        }
        assertEquals(count, finals.size(), "final events: " + finals);
        return finals;
    }

    private JobEvent awaitFinal(JobQueue events, String jobId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (JobQueue.Message message : events.receive(10, Duration.ofSeconds(2))) {
                events.delete(message);
                JobEvent event = JobCodec.decodeEvent(message.body());
                if (event.jobId().equals(jobId) && event.state().isFinal()) {
                    return event;
                }
            }
        }
        throw new AssertionError("no final event for " + jobId);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(work.resolve(name), bytes);
    }

    /** The PNG with bytes in the middle of its compressed data flipped. */
    private static byte[] corruptIdat(byte[] png) {
        byte[] copy = png.clone();
        int idat = new String(copy, StandardCharsets.ISO_8859_1).indexOf("IDAT");
        for (int i = idat + 200; i < idat + 260; i++) {
            copy[i] ^= 0x5a;
        }
        return copy;
    }

    /** A small, well-formed PNG whose header declares {@code width}×{@code height} gray pixels. */
    private static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[width + 1]); // one row of a filter byte and black pixels
        deflater.finish();
        byte[] compressed = new byte[4096];
        chunk(png, "IDAT", java.util.Arrays.copyOf(compressed, deflater.deflate(compressed)));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeAndData = ByteBuffer.allocate(4 + data.length).put(type.getBytes(StandardCharsets.US_ASCII))
                .put(data).array();
        out.write(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
