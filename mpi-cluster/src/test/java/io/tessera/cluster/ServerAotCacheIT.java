package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cli.Main;
import io.tessera.ops.imagej.SampleImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local servers start from AOT caches (Java 25 and newer): a server started without one
 * records what it loads, the cache is assembled once it has stopped, and its next start maps it
 * and serves. Whether a JVM uses a cache is read from its memory maps: a JVM that refuses a cache
 * (other jars, other options) unmaps it and runs on without a word.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServerAotCacheIT {
    private static final Pattern CACHE_OPTION = Pattern.compile("-XX:(?:AOTCache=(\\S+)|AOTConfiguration=(\\S+)\\.config\\.\\w+)");
    private static final List<String> SERVERS = List.of("s3", "sqs");
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        cluster = TestCluster.start(home, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aServerStoppedOnceStartsFromItsCacheAndServes() throws Exception {
        if (Runtime.version().feature() < 25) {
            return; // no AOT caches before Java 25: the servers start as they always did
        }
        java.util.Map<String, Path> caches = new java.util.HashMap<>();
        for (String server : SERVERS) {
            caches.put(server, cacheNamedBy(cluster.services.processes().get(server)));
        }
        cluster.services.down(SERVERS);
        // Assembled in the background after the stop, when a first start recorded (seconds, once).
        for (Path cache : caches.values()) {
            TestCluster.await(() -> Files.isRegularFile(cache) ? cache : null, Duration.ofMinutes(2));
        }
        cluster.services.up(2);
        for (String server : SERVERS) {
            ProcessHandle process = cluster.services.processes().get(server);
            String maps = Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps"));
            assertTrue(maps.contains(caches.get(server).toString()), server + " runs without its cache "
                    + caches.get(server) + ": " + process.info().commandLine().orElse("?"));
        }
        TestCluster.Run run = cluster.cli("process", "--op", "invert", "--out", work.resolve("out").toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.OK, run.code(), run.err());
    }

    /** The cache a server's JVM maps, or the one its start records for. */
    private static Path cacheNamedBy(ProcessHandle server) {
        String commandLine = server.info().commandLine().orElseThrow();
        Matcher option = CACHE_OPTION.matcher(commandLine);
        assertTrue(option.find(), "no AOT cache option: " + commandLine);
        return Path.of(option.group(1) != null ? option.group(1) : option.group(2));
    }
}
