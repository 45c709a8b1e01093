package io.tessera.cloud;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tessera.core.job.JobSignature;
import java.util.Properties;

/**
 * Where Tessera's bucket and queues are, one configuration for the workbench, the CLI and the
 * cluster. Endpoints are null for AWS itself; credentials are null for the AWS default chain.
 *
 * @param s3Endpoint  e.g. {@code http://127.0.0.1:PORT} for the local S3 server
 * @param sqsEndpoint e.g. {@code http://127.0.0.1:PORT} for the local SQS server
 * @param region      AWS region, {@code us-east-1} locally
 * @param accessKey   static access key, or null
 * @param secretKey   static secret key, or null
 * @param profile     a named profile of {@code ~/.aws/credentials} and {@code ~/.aws/config}, used
 *                    when there is no static key; null for the AWS default chain
 * @param bucket      the bucket holding {@code inputs/} and {@code results/}
 * @param jobsQueue   name of the FIFO jobs queue
 * @param deadLettersQueue name of the FIFO queue that keeps the jobs that could not be run
 * @param maxReceives a job received this often without finishing (its ranks died or hung each time)
 *                    is moved to the dead-letter queue by SQS itself
 * @param macroKey    hexadecimal key with which clients sign the jobs that carry code (ImageJ
 *                    macros) and the cluster checks them ({@link JobSignature}); null: such jobs are
 *                    neither sent nor run
 */
public record CloudConfig(URI s3Endpoint, URI sqsEndpoint, String region, String accessKey, String secretKey,
        String profile, String bucket, String jobsQueue, String deadLettersQueue, int maxReceives, String macroKey) {

    public static final int DEFAULT_MAX_RECEIVES = 5;

    /** Without a macro key. */
    public CloudConfig(URI s3Endpoint, URI sqsEndpoint, String region, String accessKey, String secretKey,
            String profile, String bucket, String jobsQueue, String deadLettersQueue, int maxReceives) {
        this(s3Endpoint, sqsEndpoint, region, accessKey, secretKey, profile, bucket, jobsQueue, deadLettersQueue,
                maxReceives, null);
    }

    /** With the dead-letter queue named after the jobs queue, and the default receive limit. */
    public CloudConfig(URI s3Endpoint, URI sqsEndpoint, String region, String accessKey, String secretKey,
            String bucket, String jobsQueue) {
        this(s3Endpoint, sqsEndpoint, region, accessKey, secretKey, null, bucket, jobsQueue,
                deadLettersFor(jobsQueue), DEFAULT_MAX_RECEIVES);
    }

    /** The same configuration with another secret key (null: none), e.g. one kept in secure storage. */
    public CloudConfig withSecretKey(String secret) {
        return new CloudConfig(s3Endpoint, sqsEndpoint, region, accessKey, secret, profile, bucket, jobsQueue,
                deadLettersQueue, maxReceives, macroKey);
    }

    /** The same configuration with another macro key (null: none). */
    public CloudConfig withMacroKey(String key) {
        return new CloudConfig(s3Endpoint, sqsEndpoint, region, accessKey, secretKey, profile, bucket, jobsQueue,
                deadLettersQueue, maxReceives, key);
    }

    /** The macro key's bytes, when there is one (checked when the configuration was read). */
    public java.util.Optional<byte[]> macroKeyBytes() {
        return macroKey == null ? java.util.Optional.empty() : java.util.Optional.of(JobSignature.parseKey(macroKey));
    }

    /** {@code tessera-jobs.fifo} → {@code tessera-jobs-dead-letters.fifo}. */
    public static String deadLettersFor(String jobsQueue) {
        return jobsQueue.replaceFirst("\\.fifo$", "") + "-dead-letters.fifo";
    }

    public static CloudConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        String jobs = p.getProperty("queue.jobs", "tessera-jobs.fifo");
        String macroKey = p.getProperty("macro.key");
        if (macroKey != null) {
            checkMacroKey(file, macroKey);
        }
        return new CloudConfig(uri(p.getProperty("s3.endpoint")), uri(p.getProperty("sqs.endpoint")),
                p.getProperty("region", "us-east-1"), p.getProperty("access.key"), p.getProperty("secret.key"),
                p.getProperty("aws.profile"),
                p.getProperty("bucket", "tessera"), jobs, p.getProperty("queue.deadLetters", deadLettersFor(jobs)),
                Integer.parseInt(p.getProperty("queue.maxReceives", Integer.toString(DEFAULT_MAX_RECEIVES)).strip()),
                macroKey == null ? null : macroKey.strip());
    }

    /**
     * A key that others can read lets them have the cluster run their code, so it is refused
     * rather than used: the file must be its owner's alone, as {@link #write} makes it.
     */
    private static void checkMacroKey(Path file, String macroKey) throws IOException {
        try {
            JobSignature.parseKey(macroKey);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": macro.key: " + e.getMessage());
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> open = java.util.EnumSet.copyOf(
                Files.getPosixFilePermissions(file));
        open.retainAll(java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
        if (!open.isEmpty()) {
            throw new IOException(file + " holds a macro key (macro.key) but others can read it; anyone with the key "
                    + "can have the cluster run code. Make it yours alone: chmod 600 " + file);
        }
    }

    /** Writes the file readable by its owner only, since it may hold a secret key. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        if (s3Endpoint != null) {
            p.setProperty("s3.endpoint", s3Endpoint.toString());
        }
        if (sqsEndpoint != null) {
            p.setProperty("sqs.endpoint", sqsEndpoint.toString());
        }
        p.setProperty("region", region);
        if (accessKey != null) {
            p.setProperty("access.key", accessKey);
        }
        if (secretKey != null) {
            p.setProperty("secret.key", secretKey);
        }
        if (profile != null) {
            p.setProperty("aws.profile", profile);
        }
        p.setProperty("bucket", bucket);
        p.setProperty("queue.jobs", jobsQueue);
        p.setProperty("queue.deadLetters", deadLettersQueue);
        p.setProperty("queue.maxReceives", Integer.toString(maxReceives));
        if (macroKey != null) {
            p.setProperty("macro.key", macroKey);
        }
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(partial);
        Files.createFile(partial, OwnerOnly.FILE);
        try (Writer out = Files.newBufferedWriter(partial)) {
            p.store(out, "Tessera cloud configuration");
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        // Never let the secret reach a log line.
        return "CloudConfig[s3=" + s3Endpoint + ", sqs=" + sqsEndpoint + ", region=" + region + ", bucket=" + bucket
                + ", jobsQueue=" + jobsQueue + ", deadLettersQueue=" + deadLettersQueue + ", maxReceives=" + maxReceives
                + ", credentials=" + (accessKey != null ? "static" : profile != null ? "profile " + profile : "default chain")
                + ", macroKey=" + (macroKey != null ? "set" : "none") + "]";
    }

    private static URI uri(String text) {
        return text == null || text.isBlank() ? null : URI.create(text.strip());
    }
}
