package io.tessera.cloud.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An AOT cache for a local server's JVM (JEP 483 and 515, Java 25 and newer): the classes it loads
 * at start, read, parsed and linked ahead, so that it answers sooner and spends less of the cores
 * the ranks share with it. ElasticMQ (Scala, Pekko) answered its first request 1.5-1.7 s after its
 * start with a cache, against 2.7-3.6 s without, and used 2.1-2.4 s of CPU to get there instead of
 * 3.5-4.5 s (three alternating runs each).
 *
 * <p>A server's first start on a set of jars records what it loads, which its JVM writes out when
 * it stops. After it has stopped, a JVM of its own assembles the cache from that record in the
 * background (several seconds of CPU, once), and every later start maps the cache. The cache is
 * named after the JDK and the jars it was made from, like the command line's (see the
 * {@code tessera} launcher, whose caches live in the same folder): other jars, or another JDK,
 * record anew, and the stale files are removed when a new cache is assembled.
 */
final class ServerAotCache {
    /** The first Java whose JVM makes and maps AOT caches. */
    private static final int FIRST_JAVA = 25;

    private final Path folder;
    private final String name;
    private final Path cache;

    private ServerAotCache(Path folder, String name, String key) {
        this.folder = folder;
        this.name = name;
        this.cache = folder.resolve(name + "-" + key + ".aot");
    }

    /**
     * The cache of server {@code name} whose JVM runs the jars in {@code lib}, or none on a JVM
     * older than Java 25.
     */
    static Optional<ServerAotCache> of(String name, Path lib) {
        return Runtime.version().feature() < FIRST_JAVA ? Optional.empty() : of(name, lib, folder());
    }

    /** As {@link #of(String, Path)}, in {@code folder}: none when it cannot be made, which costs speed, never the start. */
    static Optional<ServerAotCache> of(String name, Path lib, Path folder) {
        try {
            Files.createDirectories(folder);
            return Optional.of(new ServerAotCache(folder, "server-" + name, key(lib)));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The options that make a server's JVM map the cache, or else record what it loads. */
    List<String> startOptions() {
        if (Files.isRegularFile(cache)) {
            return List.of("-XX:AOTCache=" + cache);
        }
        // A record of its own per start: two servers of one kind may run at once (tests).
        Path record = Path.of(cache + ".config." + UUID.randomUUID().toString().substring(0, 8));
        return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + record);
    }

    /**
     * After the server has stopped: assembles the cache from a record its JVM wrote, in a
     * background process that outlives this one, unless the cache is there already. {@code jvm}
     * is the server's command up to its main class (the java command, its options and its class
     * path), without the options of {@link #startOptions()}.
     */
    void assembleInBackground(List<String> jvm) {
        try {
            List<Path> records = records();
            if (Files.isRegularFile(cache) || records.isEmpty()) {
                records.forEach(ServerAotCache::deleteQuietly);
                return;
            }
            Path record = records.get(0);
            records.subList(1, records.size()).forEach(ServerAotCache::deleteQuietly);
            forgetStale();
            // A part of its own (two servers may stop at once), renamed into place whole, so that a
            // start maps all of a cache or none; the record goes either way.
            String part = cache + ".part." + UUID.randomUUID().toString().substring(0, 8);
            List<String> create = new ArrayList<>(List.of(jvm.get(0), "-XX:AOTMode=create",
                    "-XX:AOTConfiguration=" + record, "-XX:AOTCache=" + part));
            create.addAll(jvm.subList(1, jvm.size()));
            String script = quoted(create) + " && mv -f " + quoted(List.of(part, cache.toString())) + "; rm -f "
                    + quoted(List.of(part, record.toString()));
            new ProcessBuilder("nice", "-n", "10", "bash", "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | UncheckedIOException e) {
            // Only speed is lost: the next start records again.
        }
    }

    private List<Path> records() throws IOException {
        String prefix = cache.getFileName() + ".config.";
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    /** Removes this server's caches and records made from other jars or by another JDK. */
    private void forgetStale() throws IOException {
        String mine = cache.getFileName().toString();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().startsWith(name + "-"))
                    .filter(f -> !f.getFileName().toString().startsWith(mine))
                    .forEach(ServerAotCache::deleteQuietly);
        }
    }

    /** Where the launcher keeps its caches: {@code $TESSERA_CACHE}, else {@code $XDG_CACHE_HOME/tessera}, else {@code ~/.cache/tessera}; then {@code cds}. */
    private static Path folder() {
        String tessera = System.getenv("TESSERA_CACHE");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = tessera != null && !tessera.isEmpty() ? Path.of(tessera)
                : (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                        .resolve("tessera");
        return base.resolve("cds");
    }

    /**
     * The JDK, the jars' folder, and each jar's name, size and time: what the JVM checks before it
     * maps a cache (a copy of the same jars elsewhere, as another unpacked archive, has a cache of its own).
     */
    private static String key(Path lib) {
        try (Stream<Path> jars = Files.list(lib)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((Runtime.version() + "\n" + lib.toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                digest.update((jar.getFileName() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis()
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 10);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lib, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next assembly to remove
        }
    }
}
