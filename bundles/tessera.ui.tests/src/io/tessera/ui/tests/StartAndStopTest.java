package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./tessera start} as a user runs it, on a home of its own: it starts the local S3 and SQS
 * servers and a cluster, and opens the workbench. SIGTERM to the launcher (what a desktop session
 * or {@code kill} sends) closes the workbench and stops everything that start started, within 10 s,
 * nothing left behind. Measured from outside: every process is watched by its pid, and counts as
 * ended when it is gone or a zombie (the services' parent is init, which reaps when it gets to it).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StartAndStopTest {
    private static final Duration PROMISED = Duration.ofSeconds(10);

    @Test
    void sigtermToTheLauncherStopsTheWorkbenchAndWhatItStartedWithinTenSeconds() throws Exception {
        Path home = Files.createTempDirectory("tessera-start-home");
        startAndStop(checkoutStart(home), home, Stop.SIGTERM);
    }

    /**
     * The same, closed as a user closes it: the window's close button, i.e. the window manager's
     * WM_DELETE_WINDOW message (sent by a script, Xvfb having no window manager). The workbench
     * quits as by File › Quit, and the launcher stops what it started and exits 0.
     */
    @Test
    void closingTheWindowStopsWhatStartStartedWithinTenSeconds() throws Exception {
        Path home = Files.createTempDirectory("tessera-close-home");
        startAndStop(checkoutStart(home), home, Stop.CLOSE_WINDOW);
    }

    /** {@code ./tessera start} of this checkout on {@code home}, on the build under test (not one more). */
    private static ProcessBuilder checkoutStart(Path home) {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of(System.getProperty("tessera.repo"), "tessera")
                .toString(), "start");
        builder.environment().put("TESSERA_HOME", home.toString());
        builder.environment().put("TESSERA_BUILT", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    /** How the user ends ./tessera start, and the launcher's exit status then. */
    private enum Stop {
        SIGTERM(143), CLOSE_WINDOW(0);

        final int exitStatus;

        Stop(int exitStatus) {
            this.exitStatus = exitStatus;
        }
    }

    /**
     * The archive {@code ./tessera package} makes, unpacked in a folder of its own and run by a user
     * whose environment knows nothing of this checkout (a home, a PATH of /usr/bin and /bin, a JDK,
     * the display): {@code process} blurs an image on the local servers and cluster it starts, and
     * {@code start} opens the workbench, which SIGTERM stops as above.
     */
    @Test
    void theArchiveUnpackedElsewhereProcessesAnImageAndRunsTheWorkbench() throws Exception {
        Path work = Files.createTempDirectory("tessera-archive");
        ProcessBuilder pack = new ProcessBuilder("bash", Path.of(System.getProperty("tessera.repo"), "tessera").toString(),
                "package", "--out", work.toString());
        pack.environment().put("TESSERA_BUILT", "1");
        pack.environment().put("JAVA_HOME", System.getProperty("java.home"));
        String made = run(pack, Duration.ofMinutes(3));
        Path archive = Path.of(made.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(archive.getFileName().toString().matches("tessera-.+-linux-x86_64\\.tar\\.gz"), made);
        Path unpacked = work.resolve("elsewhere");
        Files.createDirectories(unpacked);
        run(new ProcessBuilder("tar", "-C", unpacked.toString(), "-xzf", archive.toString()), Duration.ofMinutes(2));
        Path launcherScript;
        try (var tops = Files.list(unpacked)) {
            launcherScript = tops.findFirst().orElseThrow().resolve("tessera");
        }
        System.out.printf("the archive: %s, %.0f MB%n", archive.getFileName(), Files.size(archive) / 1e6);

        Path home = Files.createTempDirectory("tessera-archive-home");
        Path out = home.resolve("out");
        Path camera = Path.of(System.getProperty("tessera.testdata"), "camera.png");
        String processed = run(userOf(new ProcessBuilder("bash", launcherScript.toString(), "process", "--op",
                "gaussian-blur:sigma=2", "--out", out.toString(), camera.toString()), home), Duration.ofMinutes(3));
        assertTrue(Files.size(out.resolve("camera.png")) > 0, processed);

        try {
            startAndStop(userOf(new ProcessBuilder("bash", launcherScript.toString(), "start"), home), home.resolve(".tessera"),
                Stop.SIGTERM);
        } finally {
            run(new ProcessBuilder("rm", "-rf", work.toString()), Duration.ofMinutes(1)); // 160 MB each run
        }
    }

    /** {@code builder} as a user who has a JDK, Open MPI and a display, and nothing of this checkout. */
    private static ProcessBuilder userOf(ProcessBuilder builder, Path home) {
        java.util.Map<String, String> env = builder.environment();
        java.util.Map<String, String> desktop = new java.util.HashMap<>(env);
        env.clear();
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        for (String display : List.of("DISPLAY", "XAUTHORITY")) { // the desktop's, as a user's session has them
            if (desktop.containsKey(display)) {
                env.put(display, desktop.get(display));
            }
        }
        return builder;
    }

    /** Runs {@code builder} to its end and returns what it printed; fails on a non-zero exit. */
    private static String run(ProcessBuilder builder, Duration timeout) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), "still running: " + builder.command());
        assertEquals(0, process.exitValue(), builder.command() + ":\n" + output);
        return output;
    }

    /** Starts {@code builder} (a ./tessera start), waits for its workbench, sends SIGTERM, and watches everything stop. */
    private static void startAndStop(ProcessBuilder builder, Path home, Stop stop) throws Exception {
        Path log = Files.createTempFile("tessera-start", ".log");
        Process launcher = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            Path clientId = home.resolve("workspace/.metadata/tessera-client-id");
            await("the workbench to connect to the servers it was started with", Duration.ofSeconds(150),
                    () -> Files.exists(clientId) || !launcher.isAlive());
            assertTrue(launcher.isAlive(), "./tessera start ended early:\n" + Files.readString(log));
            // A clean start: SLF4J has its provider, and a machine without D-Bus gets one line, not warnings.
            String startLog = Files.readString(log);
            assertTrue(!startLog.contains("SLF4J(W)") && !startLog.contains("SessionManagerDBus")
                    && !startLog.contains("INFO:"), startLog);

            // Everything that start started: the workbench under the launcher, and the services,
            // which outlive the command that spawned them and are found by the pids it recorded.
            started.addAll(launcher.descendants().toList());
            Properties pids = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve("local/processes.properties"))) {
                pids.load(in);
            }
            for (String service : List.of("s3", "sqs", "cluster")) {
                ProcessHandle process = ProcessHandle.of(Long.parseLong(pids.getProperty(service))).orElseThrow();
                started.add(process);
                started.addAll(process.descendants().toList());
            }
            assertTrue(started.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("ClusterMain")),
                    "the cluster's ranks are among them: " + describe(started));

            java.util.Map<ProcessHandle, String> names = new java.util.HashMap<>();
            started.forEach(p -> names.put(p, p.pid() + " " + p.info().commandLine().map(c -> c.length() > 110
                    ? c.substring(0, 110) + "…" : c).orElse("?")));
            Instant signalled = Instant.now();
            if (stop == Stop.SIGTERM) {
                launcher.destroy();
            } else {
                ProcessHandle workbench = launcher.descendants().filter(p -> p.info().commandLine().orElse("")
                        .contains("org.eclipse.equinox.launcher")).findFirst().orElseThrow();
                run(new ProcessBuilder("/usr/bin/python3", Path.of(System.getProperty("tessera.repo"),
                        "bundles/tessera.ui.tests/scripts/close_window.py").toString(), Long.toString(workbench.pid())),
                        Duration.ofSeconds(30));
            }
            // When each one ended: what took long, should it fail.
            java.util.Map<ProcessHandle, Duration> ended = new java.util.LinkedHashMap<>();
            await("everything ./tessera start started to stop", PROMISED.plusSeconds(50), () -> {
                for (ProcessHandle process : started) {
                    if (io.tessera.cloud.local.LocalServices.ended(process)) {
                        ended.putIfAbsent(process, Duration.between(signalled, Instant.now()));
                    }
                }
                return !launcher.isAlive() && ended.size() == started.size();
            });
            Duration took = Duration.between(signalled, Instant.now());
            ended.forEach((process, after) -> System.out.printf("  %5.1f s  %s%n", after.toMillis() / 1000.0,
                    names.get(process)));
            System.out.println(stop + " to ./tessera start: the workbench and " + (started.size() - 1)
                    + " processes of the services it started gone after " + took.toMillis() / 1000.0 + " s");
            assertTrue(took.compareTo(PROMISED) <= 0, "stopped within " + PROMISED.toSeconds() + " s, not "
                    + took.toMillis() / 1000.0 + " s:\n" + Files.readString(log));
            assertEquals(stop.exitStatus, launcher.exitValue(), "the launcher's exit status after " + stop);
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
            System.out.println("==== ./tessera start\n" + Files.readString(log));
        }
    }

    private static String describe(List<ProcessHandle> processes) {
        StringBuilder text = new StringBuilder();
        processes.forEach(p -> text.append("\n  ").append(p.pid()).append(' ')
                .append(p.info().commandLine().orElse("?")));
        return text.toString();
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(String what, Duration timeout, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
