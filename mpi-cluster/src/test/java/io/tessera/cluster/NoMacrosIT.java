package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cli.Main;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.ops.imagej.SampleImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator who wants no code run on the cluster starts it with {@code --no-macros}: a macro job,
 * even one properly signed, fails and says why, and every other job runs as before.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NoMacrosIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        cluster = TestCluster.start(home, 2, "--no-macros");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        cluster.close();
    }

    @Test
    void aClusterStartedWithNoMacrosRefusesMacroJobsAndRunsTheRest() throws Exception {
        Path macro = Files.writeString(work.resolve("invert.ijm"), "run(\"Invert\");\n");
        Path camera = SampleImages.get("camera.png");
        Run refused = cluster.cli("process", "--macro", macro.toString(), "--out", work.resolve("macro").toString(),
                camera.toString());
        assertEquals(Main.JOB_FAILED, refused.code(), refused.err());
        assertTrue(refused.err().contains("this cluster runs no ImageJ macros: its operator started it with --no-macros"),
                refused.err());
        assertTrue(Files.notExists(work.resolve("macro/camera.png")), "a result of a refused job");

        Run plain = cluster.cli("process", "--op", "invert", "--out", work.resolve("plain").toString(), camera.toString());
        assertEquals(Main.OK, plain.code(), plain.err());
        assertTrue(Files.isRegularFile(work.resolve("plain/camera.png")));

        String log = Files.readString(cluster.log());
        assertTrue(log.contains("event=cluster-ready") && log.contains("macros=\"refused (--no-macros)\""), log);
        assertEquals(1, TestCluster.countBy(log, "event=job-refused job=(\\S+)").size(), log);
    }
}
