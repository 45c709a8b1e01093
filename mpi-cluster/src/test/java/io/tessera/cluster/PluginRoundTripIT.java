package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.cli.Main;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.ops.imagej.PixelAssertions;
import io.tessera.ops.imagej.SampleImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin developer's whole round, without rebuilding Tessera: {@code tessera new-operation}
 * makes a project, its Maven wrapper builds it (running the project's own test against ImageJ),
 * the jar goes into the home's plugins folder while the local cluster runs, and then
 * {@code tessera ops} lists the operation and the cluster, launched again by its supervisor with
 * the new jar, runs it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PluginRoundTripIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;

    @Test
    void aScaffoldedOperationIsBuiltDroppedListedAndRunOnTheCluster() throws Exception {
        Path project = work.resolve("brighten");
        Run made = cli("new-operation", "brighten", "--dir", project.toString(), "--package", "org.example.ops");
        assertEquals(Main.OK, made.code(), made.err());
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/org/example/ops/BrightenOperation.java")));
        Run again = cli("new-operation", "brighten", "--dir", project.toString());
        assertEquals(Main.ERROR, again.code());
        assertTrue(again.err().contains("exists and is not an empty folder: nothing was written"), again.err());

        // Built as its README says, offline: everything it needs came with Tessera's own build.
        Process build = new ProcessBuilder("./mvnw", "-o", "-q", "-B", "package").directory(project.toFile())
                .redirectErrorStream(true).start();
        String said = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), "./mvnw package in " + project + ":\n" + said);
        Path jar = project.resolve("target/brighten.jar");
        assertTrue(Files.isRegularFile(jar), said);
        assertTrue(Files.isRegularFile(project.resolve("target/surefire-reports/TEST-org.example.ops.BrightenOperationTest.xml")),
                "the project's own test ran");

        Run before = cli("ops");
        assertTrue(!before.out().contains("brighten"), before.out());
        try (TestCluster cluster = TestCluster.start(home, 2)) {
            // Dropped while the cluster runs: its supervisor notices, drains and launches again
            // with the jar, as an operator's cluster started with --plugins does.
            int mark = cluster.logMark();
            Files.createDirectories(home.resolve("plugins"));
            Files.copy(jar, home.resolve("plugins/brighten.jar"));
            Run listed = cli("ops");
            assertTrue(listed.out().contains("brighten             Plugins   Adds a value to every pixel"), listed.out());
            String relaunch = TestCluster.await(() -> {
                String since = cluster.logSince(mark);
                return since.matches("(?s).*event=plugins-changed .*event=cluster-ready .*") ? since : null;
            }, java.time.Duration.ofSeconds(90));
            assertTrue(relaunch.contains("event=drained-to-launch-again"), relaunch);

            Path out = work.resolve("out");
            Path camera = SampleImages.get("camera.png");
            Run run = cluster.cli("process", "--op", "brighten:value=40", "--out", out.toString(), camera.toString());
            assertEquals(Main.OK, run.code(), run.err());
            ImageProcessor expected = IJ.openImage(camera.toString()).getProcessor();
            expected.add(40); // ImageJ's Process › Math › Add
            ImagePlus actual = IJ.openImage(out.resolve("camera.png").toString());
            PixelAssertions.assertPixelsEqual(expected, actual.getProcessor(), "the plugin on the cluster");
        }
    }

    private static Run cli(String... args) {
        return TestCluster.cli(home, args);
    }
}
