package io.tessera.cloud.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder a user drops operation plugin jars into: the one {@code TESSERA_PLUGINS} names,
 * else {@code plugins} in Tessera's home ({@code ~/.tessera/plugins}). The command line loads its
 * jars, the local cluster has them on its ranks' class path, an operator passes the same folder
 * to {@code tessera-cluster --plugins}.
 */
public record PluginFolder(Path dir) {

    /** The folder of the Tessera home this process runs in ({@link TesseraHome}). */
    public static PluginFolder ofThisProcess() {
        return of(TesseraHome.ofThisProcess());
    }

    public static PluginFolder of(Path home) {
        String named = System.getenv("TESSERA_PLUGINS");
        return new PluginFolder(named != null && !named.isBlank() ? Path.of(named) : home.resolve("plugins"));
    }

    /** Its jars, by name; none when the folder does not exist. */
    public List<Path> jars() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins in " + dir, e);
        }
    }

    /** A class loader over its jars, after {@code parent}; {@code parent} itself when there are none. */
    public ClassLoader loader(ClassLoader parent) {
        List<Path> jars = jars();
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = jars.stream().map(jar -> {
            try {
                return jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e); // a file path always makes a URL
            }
        }).toArray(URL[]::new);
        return new URLClassLoader("tessera-plugins", urls, parent);
    }
}
