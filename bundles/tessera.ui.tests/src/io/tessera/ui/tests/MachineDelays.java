package io.tessera.ui.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How late the machine lets a thread run that does nothing but sleep 20 ms at a time, measured in
 * a process of its own: a delay seen there is the machine's (other processes, the hypervisor's
 * steal), never the workbench's garbage collection or its other threads, which a thread inside
 * the workbench's JVM would also see and excuse. Both processes read CLOCK_MONOTONIC
 * ({@code System.nanoTime()} on Linux), so the two series share one time axis.
 */
final class MachineDelays implements AutoCloseable {
    private static final String SOURCE = """
            public class Sleeper {
                public static void main(String[] args) throws Exception {
                    while (true) {
                        long woke = System.nanoTime();
                        Thread.sleep(20);
                        long late = (System.nanoTime() - woke) / 1_000_000 - 20;
                        System.out.println(woke + " " + Math.max(0, late));
                    }
                }
            }
            """;

    private final Process sleeper;
    /** Each wake-up: when it went to sleep (ns) and how late it woke (ms). */
    private final List<long[]> wakeUps = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    MachineDelays() throws IOException {
        Path dir = Files.createTempDirectory("machine-delays");
        Path source = Files.writeString(dir.resolve("Sleeper.java"), SOURCE);
        sleeper = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m",
                "-XX:+UseSerialGC", source.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        reader = Thread.ofPlatform().name("machine-delays").daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(sleeper.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = lines.readLine()) != null;) {
                    String[] f = line.split(" ");
                    wakeUps.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                }
            } catch (IOException e) {
                // the sleeper was stopped
            }
        });
    }

    /** Whether the sleeper reports yet (its JVM compiles the source first). */
    boolean reporting() {
        return !wakeUps.isEmpty();
    }

    /** The latest wake-up of the sleeper that overlaps {@code [fromNanos, toNanos]}, in ms. */
    long worstDelayBetween(long fromNanos, long toNanos) {
        long worst = 0;
        synchronized (wakeUps) {
            for (long[] wake : wakeUps) {
                long end = wake[0] + (20 + wake[1]) * 1_000_000;
                if (end >= fromNanos && wake[0] <= toNanos) {
                    worst = Math.max(worst, wake[1]);
                }
            }
        }
        return worst;
    }

    long worstDelay() {
        synchronized (wakeUps) {
            return wakeUps.stream().mapToLong(w -> w[1]).max().orElse(0);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sleeper.destroy();
        reader.join(5000);
    }
}
