package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.tessera.cli.Main;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.core.op.OperationCatalog;
import io.tessera.ops.imagej.SampleImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images above the strip size are filtered in strips across ranks and gathered back: on a real
 * {@code mpirun} of 3 ranks with the strip size lowered to 30,000 pixels, the result of every
 * pixel type and of pipelines with wide halos equals the whole image filtered in one piece, pixel
 * for pixel; a pipeline that needs the whole image is not split. Then {@code tessera-cluster
 * status} reports the cluster as it ran.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StripsAcrossRanksIT {
    private static final OperationCatalog CATALOG = OperationCatalog.fromServiceLoader(
            StripsAcrossRanksIT.class.getClassLoader());
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        cluster = TestCluster.start(home, 3, "--strip-pixels", "30000");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        cluster.close();
    }

    @Test
    void largeImagesFilteredInStripsAcrossRanksEqualTheWholeImageFiltered() throws Exception {
        // 16- and 32-bit photographs that use their range (fractions and negatives at 32 bits).
        Path photo16 = work.resolve("photo-16bit.tif");
        IJ.saveAsTiff(new ImagePlus("photo-16bit", io.tessera.ops.imagej.Samples.photo16()), photo16.toString());
        Path floats = work.resolve("photo-32bit.tif");
        IJ.saveAsTiff(new ImagePlus("photo-32bit", io.tessera.ops.imagej.Samples.photo32()), floats.toString());
        Path binary = work.resolve("coins-binary.tif");
        ImagePlus coins = IJ.openImage(SampleImages.get("coins.png").toString());
        coins.getProcessor().threshold(110);
        IJ.saveAsTiff(coins, binary.toString());
        Map<Path, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put(SampleImages.get("camera.png"), List.of("gaussian-blur:sigma=3", "median:radius=2"));
        cases.put(SampleImages.get("astronaut.png"), List.of("unsharp-mask:sigma=2", "find-edges"));
        cases.put(SampleImages.get("chessboard_GRAY_U16.tif"), List.of("mean:radius=3", "sharpen"));
        cases.put(photo16, List.of("median:radius=2", "unsharp-mask:sigma=1.5"));
        cases.put(floats, List.of("variance:radius=2", "gaussian-blur:sigma=1.5"));
        cases.put(binary, List.of("binary-open:iterations=2", "binary-dilate:iterations=3,count=2"));

        for (Map.Entry<Path, List<String>> c : cases.entrySet()) {
            int before = cluster.logMark();
            Path result = process(c.getKey(), c.getValue(), work.resolve("out-" + c.getKey().getFileName()));
            String jobLog = cluster.logSince(before);
            assertTrue(jobLog.contains("note=\"filtered in 2 strips on ranks"), "split over both workers:\n" + jobLog);
            assertPixelsEqualWholeImage(c.getKey(), c.getValue(), result);
        }
    }

    @Test
    void aPipelineThatNeedsTheWholeImageIsNotSplit() throws Exception {
        int before = cluster.logMark();
        List<String> pipeline = List.of("median:radius=1", "auto-threshold:method=Otsu");
        Path result = process(SampleImages.get("moon.png"), pipeline, work.resolve("out-whole"));
        String jobLog = cluster.logSince(before);
        assertTrue(jobLog.contains("event=job-done") && !jobLog.contains("strips"), jobLog);
        assertPixelsEqualWholeImage(SampleImages.get("moon.png"), pipeline, result);

        // Nor is a macro's code, which may look anywhere in the image.
        before = cluster.logMark();
        List<String> macro = List.of("median:radius=1", "imagej-macro:code=run(\"Invert\"); run(\"Find Edges\");");
        result = process(SampleImages.get("moon.png"), macro, work.resolve("out-macro"));
        jobLog = cluster.logSince(before);
        assertTrue(jobLog.contains("event=job-done") && !jobLog.contains("strips"), jobLog);
        assertPixelsEqualWholeImage(SampleImages.get("moon.png"), macro, result);
    }

    @Test
    void statusReportsTheRanksAndTheJobsDone() throws Exception {
        process(SampleImages.get("camera.png"), List.of("invert"), work.resolve("out-status"));
        // Rank 0 publishes within a second of a change: ask until the report counts the job.
        Pattern doneCount = Pattern.compile("(\\d+) done, (\\d+) failed");
        String printed = "";
        for (Instant deadline = Instant.now().plusSeconds(30); Instant.now().isBefore(deadline);) {
            Process status = new ProcessBuilder("bash", LocalLayout.fromSystemProperty().supervisor().toString(),
                    "status", "--config", cluster.services.configFile().toString(), "--java",
                    ProcessHandle.current().info().command().orElseThrow()).redirectErrorStream(true).start();
            printed = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, status.waitFor(), printed);
            Matcher done = doneCount.matcher(printed);
            if (done.find() && Integer.parseInt(done.group(1)) >= 1) {
                break;
            }
        }
        System.out.println(printed);
        assertTrue(printed.contains("cluster: 3 ranks up"), printed);
        Matcher done = doneCount.matcher(printed);
        assertTrue(done.find() && Integer.parseInt(done.group(1)) >= 1, printed);
        assertTrue(printed.contains("restarts     0"), printed);
    }

    private static Path process(Path input, List<String> pipeline, Path out) {
        return cluster.processOne(input, pipeline, out);
    }

    private static void assertPixelsEqualWholeImage(Path input, List<String> pipeline, Path result) throws Exception {
        TestCluster.assertPixelsEqualWholeImage(CATALOG, input, pipeline, result);
    }
}
