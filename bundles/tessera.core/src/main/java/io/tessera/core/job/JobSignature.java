package io.tessera.core.job;

import io.tessera.core.op.PipelineStep;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks jobs that carry code. Anyone who can send to the jobs queue could otherwise
 * have the cluster run a macro as its user (the local SQS server takes any credentials), so such a
 * job must carry an HMAC-SHA256 over everything it says — its ids, input, result, events queue and
 * every step with every parameter — made with a key that only the clients and the cluster hold.
 * A signed job cannot be changed or pointed at other objects without the key; sent again as it is,
 * it makes the same result at the same key.
 */
public final class JobSignature {
    private static final String HMAC = "HmacSHA256";
    /** Shortest key taken: 128 bits. */
    public static final int MIN_KEY_BYTES = 16;

    private JobSignature() {
    }

    /** Whether a job was refused, and why, in words for the job's sender. */
    public sealed interface Verdict {
        record Valid() implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }
    }

    /** A new random key, as hex, for a configuration file. */
    public static String newKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /**
     * The key's bytes from its hex form.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static byte[] parseKey(String hex) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the macro key is not hexadecimal digits");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the macro key has " + key.length * 8 + " bits; it needs at least "
                    + MIN_KEY_BYTES * 8 + " (" + MIN_KEY_BYTES * 2 + " hexadecimal digits)");
        }
        return key;
    }

    /** The job with its signature. */
    public static JobSpec sign(JobSpec job, byte[] key) {
        return job.withSignature(HexFormat.of().formatHex(mac(key, canonical(job))));
    }

    /** Whether {@code job}'s signature was made with {@code key} over exactly this job. */
    public static Verdict verify(JobSpec job, byte[] key) {
        if (job.signature() == null || job.signature().isBlank()) {
            return new Verdict.Refused("the job carries code (an ImageJ macro) but is not signed; jobs that carry "
                    + "code run only when signed with the macro key that the client and the cluster share "
                    + "(macro.key in their configuration)");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(job.signature());
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        // Constant time, so that a sender cannot find a signature byte by byte from timings.
        return MessageDigest.isEqual(given, mac(key, canonical(job))) ? new Verdict.Valid()
                : new Verdict.Refused("the job's signature does not match: it was not signed with this cluster's "
                        + "macro key, or the job was changed after it was signed");
    }

    /**
     * What is signed: the job as JSON without its signature, parameters in name order, written by
     * the same codec on both sides (so that a number read back from the message is written as it
     * was sent).
     */
    static byte[] canonical(JobSpec job) {
        List<PipelineStep> steps = job.pipeline().stream()
                .map(step -> new PipelineStep(step.op(), new TreeMap<>(step.params()))).toList();
        return JobCodec.encode(new JobSpec(job.version(), job.jobId(), job.batch(), job.inputKey(), job.resultKeyStem(),
                job.eventsQueue(), steps, null)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + HMAC, e); // every Java SE has it
        }
    }
}
