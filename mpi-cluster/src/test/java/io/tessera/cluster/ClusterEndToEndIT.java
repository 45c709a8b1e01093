package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.cli.Main;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.ops.imagej.ImageJReference;
import io.tessera.ops.imagej.PixelAssertions;
import io.tessera.ops.imagej.SampleImages;
import java.io.IOException;
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
}
