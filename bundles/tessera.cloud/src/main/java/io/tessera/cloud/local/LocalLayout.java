package io.tessera.cloud.local;

import java.nio.file.Path;

/**
 * Where the built pieces of a Tessera checkout are: the local servers' class paths, the cluster
 * jar and Open MPI's Java binding.
 */
public record LocalLayout(Path s3proxyLib, Path elasticmqLib, Path clusterJar, Path mpiJar) {

    /** The layout of a built checkout at {@code repo}. */
    public static LocalLayout ofCheckout(Path repo) {
        Path cluster = repo.resolve("mpi-cluster/target");
        return new LocalLayout(repo.resolve("releng/s3proxy-server/target/lib"),
                repo.resolve("releng/elasticmq-server/target/lib"), cluster.resolve("tessera-cluster.jar"),
                cluster.resolve("lib/mpi.jar"));
    }

    /** The checkout named by the system property {@code tessera.repo}, set by ./tessera and the build. */
    public static LocalLayout fromSystemProperty() {
        String repo = System.getProperty("tessera.repo");
        if (repo == null || repo.isBlank()) {
            throw new IllegalStateException("tessera.repo is not set: start Tessera with ./tessera");
        }
        return ofCheckout(Path.of(repo));
    }
}
