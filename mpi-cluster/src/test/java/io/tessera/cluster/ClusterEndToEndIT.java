package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.cli.Main;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.ops.imagej.ImageJReference;
import io.tessera.ops.imagej.PixelAssertions;
import io.tessera.ops.imagej.SampleImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole headless path, for real: the CLI uploads to S3Proxy, sends jobs to ElasticMQ, and an
 * {@code mpirun} cluster of 2 ranks filters them; the results must equal ImageJ applied directly.
 * One set of servers and one cluster serve every test here, as they would serve a user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterEndToEndIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;

    /** One run of the CLI: its exit code and what it printed. */
    record Run(int code, String out, String err) {
    }

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home, LocalLayout.fromSystemProperty()).run(args);
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ tessera " + String.join(" ", args) + "\n" + run.out() + run.err() + "(exit " + code + ")");
        return run;
    }

    @BeforeAll
    void startServersAndCluster() {
        Run up = cli("up", "--ranks", "2");
        assertEquals(Main.OK, up.code(), up.err());
    }

    @AfterAll
    void stopEverything() throws IOException {
        cli("down");
        try (Stream<Path> logs = Files.list(home.resolve("local/logs"))) {
            for (Path log : logs.toList()) {
                System.out.println("==== " + log.getFileName() + "\n" + Files.readString(log));
            }
        }
    }

    @Test
    void everyOperationOnEverySampleEqualsImageJ() throws Exception {
        List<Path> inputs = Stream.of(ImageJReference.IMAGES).map(SampleImages::get).toList();
        for (Map.Entry<String, UnaryOperator<ImageProcessor>> step : ImageJReference.STEPS.entrySet()) {
            Path out = work.resolve(step.getKey().replace(':', '_'));
            List<String> args = new ArrayList<>(List.of("process", "--op", step.getKey(), "--out", out.toString()));
            inputs.forEach(p -> args.add(p.toString()));
            Run run = cli(args.toArray(String[]::new));
            assertEquals(Main.OK, run.code(), run.err());
            for (Path input : inputs) {
                String stem = input.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Path result = out.resolve(stem + ".png");
                assertTrue(Files.isRegularFile(result), "no result for " + input + " in " + out);
                ImagePlus reference = IJ.openImage(input.toString());
                ImageProcessor expected = step.getValue().apply(reference.getProcessor().duplicate());
                ImagePlus actual = IJ.openImage(result.toString());
                assertNotNull(actual, "ImageJ cannot open the result " + result);
                assertEquals(reference.getBitDepth(), actual.getBitDepth(), "pixel type of " + result);
                PixelAssertions.assertPixelsEqual(expected, actual.getProcessor(), step.getKey() + " on " + input);
            }
        }
    }

    @Test
    void badInputsFailWithReadableReasonsAndTheClusterKeepsWorking() throws Exception {
        Path text = work.resolve("notes.png");
        Files.writeString(text, "these are my notes, not a picture\n");
        Path out = work.resolve("bad");
        Run bad = cli("process", "--op", "invert", "--out", out.toString(),
                SampleImages.get("truncated.jpg").toString(), text.toString());
        assertEquals(Main.JOB_FAILED, bad.code());
        assertTrue(bad.err().contains("FAILED " + SampleImages.get("truncated.jpg") + ": truncated.jpg is damaged"),
                bad.err());
        assertTrue(bad.err().contains("FAILED " + text + ": notes.png is not an image in a format Tessera reads"),
                bad.err());
        assertFalse(Files.exists(out.resolve("truncated.png")));

        Run good = cli("process", "--op", "invert", "--out", out.toString(), SampleImages.get("camera.png").toString());
        assertEquals(Main.OK, good.code(), good.err());
        assertTrue(Files.isRegularFile(out.resolve("camera.png")));
    }

    /** Every result says what made it, and that record makes the same result again. */
    @Test
    void provenanceRecordsThePipelineAndReRunsIt() throws Exception {
        Path input = SampleImages.get("coins.png");
        Path first = work.resolve("provenance-1");
        Run run = cli("process", "--op", "median:radius=2", "--op", "invert", "--provenance", "--out", first.toString(),
                input.toString());
        assertEquals(Main.OK, run.code(), run.err());
        Path record = first.resolve("coins.png.provenance.json");
        io.tessera.core.job.Provenance provenance = io.tessera.core.job.JobCodec.decodeProvenance(Files.readString(record));
        assertEquals(io.tessera.core.job.Provenance.sha256(Files.readAllBytes(input)), provenance.inputSha256());
        assertEquals("[median:radius=2, invert]", provenance.pipeline().toString());
        assertEquals(ij.IJ.getVersion(), provenance.imagej());
        assertEquals(io.tessera.core.job.Provenance.tesseraVersion(), provenance.tessera());

        Path again = work.resolve("provenance-2");
        Run rerun = cli("process", "--pipeline", record.toString(), "--out", again.toString(), input.toString());
        assertEquals(Main.OK, rerun.code(), rerun.err());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(first.resolve("coins.png")),
                Files.readAllBytes(again.resolve("coins.png"))), "the re-run gives the same bytes");
    }

    /** A third-party operation runs on the cluster from its own jar, with no change to Tessera's. */
    @Test
    void thePluginExampleRunsOnTheCluster() throws Exception {
        Path out = work.resolve("posterized");
        Run run = cli("process", "--op", "posterize:levels=3", "--out", out.toString(),
                SampleImages.get("astronaut.png").toString());
        assertEquals(Main.OK, run.code(), run.err());
        ImageProcessor result = IJ.openImage(out.resolve("astronaut.png").toString()).getProcessor();
        java.util.Set<Integer> levels = new java.util.TreeSet<>();
        for (int i = 0; i < result.getPixelCount(); i++) {
            int rgb = result.get(i);
            levels.add((rgb >> 16) & 0xff);
            levels.add((rgb >> 8) & 0xff);
            levels.add(rgb & 0xff);
        }
        assertEquals(java.util.Set.of(0, 128, 255), levels);
    }

    @Test
    void invalidPipelinesAreRefusedBeforeAnythingIsUploaded() {
        Run unknown = cli("process", "--op", "sharpen-a-lot", "--out", work.toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.ERROR, unknown.code());
        assertTrue(unknown.err().startsWith("tessera: unknown operation 'sharpen-a-lot'; known operations: "
                + "auto-threshold, binary-close,"), unknown.err());
        Run range = cli("process", "--op", "gaussian-blur:sigma=500", "--out", work.toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.ERROR, range.code());
        assertEquals("tessera: gaussian-blur: sigma=500 is out of range: it must lie in [0.1, 100] px\n", range.err());
        Run type = cli("process", "--op", "convert-to-gray", "--out", work.toString(),
                SampleImages.get("astronaut.png").toString(), SampleImages.get("camera.png").toString());
        assertEquals(Main.ERROR, type.code());
        assertEquals("tessera: camera.png is 8-bit gray: convert-to-gray does not work on 8-bit gray images;"
                + " it accepts RGB\n", type.err());
    }
}
