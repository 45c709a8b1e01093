package io.tessera.cloud.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the built pieces of a Tessera checkout are: the local servers' class paths, the cluster
 * jar, Open MPI's Java binding, and the operation plugins the cluster loads beside its own.
 *
 * @param pluginJars third-party operation jars on the cluster's class path: the shipped example
 *                   (the local services add the user's {@link PluginFolder})
 */
public record LocalLayout(Path s3proxyLib, Path elasticmqLib, Path clusterJar, Path mpiJar, List<Path> pluginJars) {

    public LocalLayout {
        pluginJars = List.copyOf(pluginJars);
    }

    /** The layout of a built checkout at {@code repo}. */
    public static LocalLayout ofCheckout(Path repo) {
        Path cluster = repo.resolve("mpi-cluster/target");
        return new LocalLayout(repo.resolve("releng/s3proxy-server/target/lib"),
                repo.resolve("releng/elasticmq-server/target/lib"), cluster.resolve("tessera-cluster.jar"),
                cluster.resolve("lib/mpi.jar"), plugins(repo.resolve("bundles/tessera.examples.ops/target/tessera.examples.ops.jar")));
    }

    /**
     * The layout of Tessera unpacked from its archive at {@code home} ({@code ./tessera package}):
     * {@code lib/} the cluster and Open MPI's binding, {@code lib/plugins/} the shipped operation
     * plugins, {@code servers/} the local S3 and SQS servers, {@code bin/tessera-cluster}.
     */
    public static LocalLayout ofInstall(Path home) {
        return new LocalLayout(home.resolve("servers/s3proxy"), home.resolve("servers/elasticmq"),
                home.resolve("lib/tessera-cluster.jar"), home.resolve("lib/mpi.jar"),
                plugins(home.resolve("lib/plugins/tessera.examples.ops.jar")));
    }

    /** The shipped example plugin, if built (a user's plugins come from their {@link PluginFolder}). */
    private static List<Path> plugins(Path example) {
        List<Path> plugins = new ArrayList<>();
        if (Files.isRegularFile(example)) {
            plugins.add(example);
        }
        return plugins;
    }

    /**
     * Tessera unpacked from its archive when the system property {@code tessera.install} names it,
     * else the checkout named by {@code tessera.repo}; ./tessera sets one of them, the build the other.
     */
    public static LocalLayout fromSystemProperty() {
        String install = System.getProperty("tessera.install");
        if (install != null && !install.isBlank()) {
            return ofInstall(Path.of(install));
        }
        String repo = System.getProperty("tessera.repo");
        if (repo == null || repo.isBlank()) {
            throw new IllegalStateException("tessera.repo is not set: start Tessera with ./tessera");
        }
        return ofCheckout(Path.of(repo));
    }

    /** This layout with one more plugin jar on the cluster's class path. */
    public LocalLayout withPlugin(Path jar) {
        List<Path> plugins = new ArrayList<>(pluginJars);
        plugins.add(jar);
        return new LocalLayout(s3proxyLib, elasticmqLib, clusterJar, mpiJar, plugins);
    }

    /** The script that restarts the cluster when a rank dies. */
    public Path supervisor() {
        return clusterJar.getParent().getParent().resolve("bin/tessera-cluster");
    }

    /** The ranks' class path: the cluster, Open MPI's binding, then the plugins. */
    public String clusterClassPath() {
        List<String> entries = new ArrayList<>(List.of(clusterJar.toString(), mpiJar.toString()));
        pluginJars.forEach(p -> entries.add(p.toString()));
        return String.join(":", entries);
    }
}
