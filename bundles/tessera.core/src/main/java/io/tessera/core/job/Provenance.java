package io.tessera.core.job;

import io.tessera.core.op.PipelineStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What made a result: stored on the result itself, in its metadata, when the job's client reads it
 * there and it fits (see {@link #asMetadata}); else as {@code <result key>.provenance.json} beside
 * the result in the bucket. Beside the fetched file in the project it is always that file. Its
 * pipeline can be run again as it is ({@code ./tessera process --pipeline FILE}).
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

    /**
     * The name of the result's metadata that holds its record: the record's UTF-8 JSON in base64url
     * without padding (metadata travels as HTTP headers, which carry ASCII only; an input's name
     * may be in any script).
     */
    public static final String METADATA = "tessera-provenance";

    /**
     * The job message attribute by which a client says it reads a record from its result's
     * metadata, with the value {@link #IN_METADATA}. A job without it (from a client of before
     * 2026-12-03) gets the record as an object of its own, which is all such a client looks for.
     */
    public static final String WHERE_ATTRIBUTE = "tessera-provenance";

    /** The value of {@link #WHERE_ATTRIBUTE} for a record in the result's metadata. */
    public static final String IN_METADATA = "metadata";

    /**
     * S3 takes at most 2 KB of user metadata per object, names and values together; a record whose
     * encoding would not fit with room to spare (a pipeline with a long macro) goes in an object.
     */
    static final int METADATA_LIMIT = 2048 - 256;

    /** The metadata that carries {@code record} (its JSON), or empty when it is too large for it. */
    public static Optional<Map<String, String>> asMetadata(byte[] record) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(record);
        return METADATA.length() + encoded.length() <= METADATA_LIMIT ? Optional.of(Map.of(METADATA, encoded))
                : Optional.empty();
    }

    /**
     * The record (its JSON) that {@code metadata} carries, or empty when it carries none: a result
     * of an older cluster, or one whose record was too large, has its record in an object.
     *
     * @throws ProtocolException when the metadata holds something that is not a record's encoding
     */
    public static Optional<byte[]> fromMetadata(Map<String, String> metadata) {
        String encoded = metadata.get(METADATA);
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlDecoder().decode(encoded.strip()));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("the result's " + METADATA + " metadata is not base64url: " + e.getMessage());
        }
    }

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
