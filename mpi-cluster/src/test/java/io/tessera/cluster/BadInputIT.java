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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input, through the real path (the CLI, S3Proxy, ElasticMQ, a 2-rank
 * {@code mpirun}): each ends as a FAILED job or a refusal whose reason names the cause, the
 * cluster keeps running, and the good image in the same batch succeeds. Unusual but valid inputs
 * (16- and 32-bit TIFF, palette PNG, BMP, a PNG named .jpg) succeed.
 */
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
                "tessera: unknown operation 'sharpen-more'; known operations: auto-threshold, binary-close,");
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

    /**
     * Jobs as the cluster receives them, written by hand: an input deleted before the job ran, and
     * keys that would write outside the batch. The first fails with its cause; the second is never
     * run; the cluster goes on.
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
            clients.deleteQueue(events);
        }
        Run good = cli("process", "--op", "invert", "--out", work.resolve("after").toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.OK, good.code(), good.err());
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
