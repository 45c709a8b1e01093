package io.tessera.core.job;

import io.tessera.core.op.PipelineStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * What made a result: stored as {@code <result key>.provenance.json} beside the result in the
 * bucket and beside the fetched file in the project. Its pipeline can be run again as it is
 * ({@code ./tessera process --pipeline FILE}).
 *
 * @param version     protocol version, {@link JobCodec#VERSION}
 * @param tessera     Tessera's version
 * @param imagej      ImageJ's version
 * @param inputKey    the input's object key
 * @param inputSha256 SHA-256 of the input's bytes, hex
 * @param outputKey   the result's object key
 * @param pipeline    the operations applied, in order, with every parameter given explicitly
 * @param rank        the MPI rank that made it
 * @param createdAt   when, ISO-8601 UTC
 */
public record Provenance(int version, String tessera, String imagej, String inputKey, String inputSha256,
        String outputKey, List<PipelineStep> pipeline, int rank, String createdAt) {

    public static final String SUFFIX = ".provenance.json";

    /** This build's version, from the jar that holds tessera.core. */
    public static String tesseraVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/io/tessera/core/tessera.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
