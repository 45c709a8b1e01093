package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.process.ImageProcessor;
import io.tessera.cli.Main;
import io.tessera.ops.imagej.PixelAssertions;
import io.tessera.ops.imagej.SampleImages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command server that {@code up} starts: commands given to the command line run in it, warm,
 * for clients started as the launcher starts them, each in a folder of its own. Whether the server
 * or the client ran a command is read from the server's log, since both give the same results.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandServerIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static TestCluster cluster;
    private static Path serverLog;

    @BeforeAll
    static void startServersClusterAndCommandServer() throws Exception {
        cluster = TestCluster.start(home, 2);
        // `up` in a folder of its own, as a user runs it: the servers and cluster run already, so
        // it starts only the command server, with this client's environment and properties.
        Path upFolder = Files.createDirectories(work.resolve("where-up-ran"));
        Process up = client(upFolder, Map.of(), "up").start();
        assertTrue(up.waitFor(60, TimeUnit.SECONDS));
        String said = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(up.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, up.exitValue(), said);
        assertTrue(said.contains("command server"), said);
        serverLog = home.resolve("local/logs/commands.log");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.cli("down", "--only", "commands");
        cluster.close();
        if (serverLog != null && Files.exists(serverLog)) {
            System.out.println("--- commands.log\n" + Files.readString(serverLog));
        }
    }

    @Test
    @Order(1)
    void aCommandRunsOnTheServerWithTheClientsFolder() throws Exception {
        Path folder = Files.createDirectories(work.resolve("client-folder"));
        Files.copy(SampleImages.get("camera.png"), folder.resolve("camera.png"));
        Files.copy(SampleImages.get("coins.png"), folder.resolve("coins.png"));
        Files.writeString(folder.resolve("flip.ijm"), "run(\"Flip Horizontally\");\n");
        int servedBefore = served("process exit 0");

        // Relative paths everywhere: the images, the folder for the results, the macro file.
        Finished run = finish(client(folder, Map.of(), "process", "--op", "invert", "--macro", "flip.ijm",
                "--out", "out", "camera.png", "coins.png"));

        assertEquals(Main.OK, run.code(), run.err());
        assertEquals(servedBefore + 1, served("process exit 0"), "run by the server, not by the client itself:\n"
                + Files.readString(serverLog));
        // Printed as the command's own JVM prints what it was given: relative to the client's folder.
        assertEquals(List.of("camera.png -> out/camera.png", "coins.png -> out/coins.png"), run.out().lines()
                .map(line -> line.substring(0, line.indexOf(" ("))).sorted().toList(), run.out());
        for (String name : List.of("camera.png", "coins.png")) {
            ImageProcessor expected = IJ.openImage(SampleImages.get(name).toString()).getProcessor();
            expected.invert();
            expected.flipHorizontal();
            PixelAssertions.assertPixelsEqual(expected,
                    IJ.openImage(folder.resolve("out").resolve(name).toString()).getProcessor(), name);
        }
        assertFalse(Files.exists(work.resolve("where-up-ran/out")), "nothing written in the server's own folder");

        // Bad input says the same through the server: a usage error, nothing run.
        Finished missing = finish(client(folder, Map.of(), "process", "--op", "invert", "--out", "out", "nope.png"));
        assertEquals(Main.ERROR, missing.code(), missing.err());
        assertTrue(missing.err().contains("tessera: no such file: nope.png\n"), missing.err());
        assertEquals(1, served("process exit 2"), Files.readString(serverLog));
    }

    @Test
    @Order(2)
    void aClientWithOtherSettingsRunsItsCommandItself() throws Exception {
        Path folder = Files.createDirectories(work.resolve("other-settings"));
        Files.copy(SampleImages.get("camera.png"), folder.resolve("camera.png"));
        int servedBefore = served("process exit");

        Finished run = finish(client(folder, Map.of("TESSERA_SOMETHING_ELSE", "1"), "process", "--op", "invert",
                "--out", "out", "camera.png"));

        assertEquals(Main.OK, run.code(), run.err());
        assertTrue(Files.isRegularFile(folder.resolve("out/camera.png")));
        assertEquals(servedBefore, served("process exit"), "the server ran it:\n" + Files.readString(serverLog));
        assertTrue(Files.readString(serverLog).contains("refused: the client's settings differ from this server's: "
                + "env TESSERA_SOMETHING_ELSE"), Files.readString(serverLog));
    }

    /**
     * A client stopped by a signal (SIGTERM, as Ctrl+C) while the server runs its batch: the
     * server does what the command's own JVM does, the batch runs on and is fetched later. While
     * it ran, a second client found the server busy and ran its command itself; after it, the
     * server takes commands again.
     */
    @Test
    @Order(3)
    void aStoppedClientLeavesItsBatchToFetchAndTheServerServesOn() throws Exception {
        Path folder = Files.createDirectories(work.resolve("left"));
        List<String> args = new ArrayList<>(List.of("process", "--op", "hold:ms=2000", "--op", "invert", "--out", "out"));
        // Long enough (6 jobs of 2 s on the one worker) that it still runs when the other client asks.
        for (int i = 0; i < 6; i++) {
            Files.copy(SampleImages.get("coins.png"), folder.resolve("left-" + i + ".png"));
            args.add("left-" + i + ".png");
        }
        Process stopped = client(folder, Map.of(), args.toArray(String[]::new))
                .redirectError(work.resolve("left.err").toFile()).start();
        BufferedReader results = new BufferedReader(new InputStreamReader(stopped.getInputStream(),
                StandardCharsets.UTF_8));
        String firstResult = results.readLine();
        assertNotNull(firstResult, Files.readString(work.resolve("left.err")));

        // Meanwhile another client: the server is busy, so this one runs its command itself (its
        // job waits behind the held ones, so it is awaited at the end).
        Path other = Files.createDirectories(work.resolve("meanwhile"));
        Files.copy(SampleImages.get("camera.png"), other.resolve("camera.png"));
        var meanwhile = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return finish(client(other, Map.of(), "process", "--op", "invert", "--out", "out", "camera.png"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestCluster.await(() -> Files.readString(serverLog).contains("refused: busy with another command") ? true : null,
                java.time.Duration.ofSeconds(60));
        assertTrue(stopped.isAlive(), "the held batch ended before the test could stop its client");

        stopped.destroy(); // SIGTERM
        assertTrue(stopped.waitFor(30, TimeUnit.SECONDS));
        String said = Files.readString(work.resolve("left.err"));
        Matcher left = Pattern.compile("stopped following; batch (\\S+) runs on\\. Its results, when you want them: "
                + "\\./tessera fetch (\\S+)").matcher(said);
        assertTrue(left.find(), said);
        TestCluster.await(() -> Files.readString(serverLog).contains("(interrupted by its client)") ? true : null,
                java.time.Duration.ofSeconds(30));

        Finished ranItself = meanwhile.get(3, TimeUnit.MINUTES);
        assertEquals(Main.OK, ranItself.code(), ranItself.err());
        assertTrue(Files.isRegularFile(other.resolve("out/camera.png")));

        TestCluster.Run rest = cluster.cli("fetch", left.group(1));
        assertEquals(Main.OK, rest.code(), rest.err());
        ImageProcessor expected = IJ.openImage(SampleImages.get("coins.png").toString()).getProcessor();
        expected.invert();
        for (int i = 0; i < 6; i++) {
            PixelAssertions.assertPixelsEqual(expected,
                    IJ.openImage(folder.resolve("out/left-" + i + ".png").toString()).getProcessor(), "left-" + i);
        }

        int statusBefore = served("status exit 0");
        Finished status = finish(client(folder, Map.of(), "status"));
        assertEquals(Main.OK, status.code(), status.err());
        assertTrue(status.out().contains("running: s3, sqs, cluster, commands"), status.out());
        assertEquals(statusBefore + 1, served("status exit 0"), "the server took a command again");
    }

    @Test
    @Order(4)
    void downStopsTheServerAndCommandsRunInTheirOwnJvm() throws Exception {
        TestCluster.Run down = cluster.cli("down", "--only", "commands");
        assertEquals(Main.OK, down.code(), down.err());
        assertFalse(Files.exists(home.resolve("local/commands.sock")), "the socket goes with the server");
        Finished status = finish(client(work, Map.of(), "status"));
        assertEquals(Main.OK, status.code(), status.err());
        assertTrue(status.out().contains("running: s3, sqs, cluster\n"), status.out());
    }

    /** How many commands the server's log says it ended with this ending ("process exit 0"). */
    private static int served(String ending) throws IOException {
        return (int) Files.readAllLines(serverLog).stream().filter(line -> line.contains(" " + ending + " in ")).count();
    }

    /** {@code tessera ARGS…} in {@code folder}, a JVM started as the launcher starts one, for this home. */
    private static ProcessBuilder client(Path folder, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "-Dtessera.repo=" + System.getProperty("tessera.repo"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        builder.environment().put("TESSERA_HOME", home.toString());
        builder.environment().putAll(environment);
        return builder;
    }

    private record Finished(int code, String out, String err) {
    }

    private static Finished finish(ProcessBuilder client) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = client.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "still running: " + client.command());
        Finished finished = new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
        System.out.println("$ tessera " + String.join(" ", client.command().subList(6, client.command().size()))
                + "\n" + finished.out() + finished.err() + "(exit " + finished.code() + ")");
        return finished;
    }
}
