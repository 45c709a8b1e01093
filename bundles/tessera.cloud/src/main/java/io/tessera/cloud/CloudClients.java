package io.tessera.cloud;

import io.tessera.core.job.ClusterStatus;
import io.tessera.core.job.JobCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The S3 and SQS clients of one {@link CloudConfig}, and the ports built on them. Queue URLs are
 * looked up once per name.
 */
public final class CloudClients implements AutoCloseable {
    /** Long polls wait up to 20 s; the socket must outwait them. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A job comes back to another rank if nobody extended its visibility for this long: the
     * coordinator extends it while the job runs, so this bounds how long a crashed rank's jobs wait.
     */
    public static final java.time.Duration JOB_VISIBILITY = java.time.Duration.ofSeconds(30);
    private static final String JOB_VISIBILITY_SECONDS = Long.toString(JOB_VISIBILITY.toSeconds());

    private final CloudConfig config;
    private final SdkHttpClient http;
    private final S3Client s3;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final RequestCounter requests = new RequestCounter();

    /** The AWS SDK's version, for an About dialog and bug reports. */
    public static String sdkVersion() {
        return software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION;
    }

    /** The configuration these clients were made from (its macro key signs jobs that carry code). */
    public CloudConfig config() {
        return config;
    }

    public CloudClients(CloudConfig config) {
        this.config = config;
        this.http = UrlConnectionHttpClient.builder().socketTimeout(SOCKET_TIMEOUT)
                .connectionTimeout(Duration.ofSeconds(5)).tlsTrustManagersProvider(TrustOnFirstHandshake::managers)
                .build();
        AwsCredentialsProvider credentials = config.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()))
                : config.profile() != null ? ProfileCredentialsProvider.create(config.profile())
                : DefaultCredentialsProvider.builder().build();
        var s3Builder = S3Client.builder().httpClient(http).region(Region.of(config.region()))
                .credentialsProvider(credentials).forcePathStyle(config.s3Endpoint() != null)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new SmallPutsSentWhole())
                        .addExecutionInterceptor(requests));
        if (config.s3Endpoint() != null) {
            s3Builder.endpointOverride(config.s3Endpoint());
        }
        var sqsBuilder = SqsClient.builder().httpClient(http).region(Region.of(config.region()))
                .credentialsProvider(credentials).overrideConfiguration(c -> c.addExecutionInterceptor(requests));
        if (config.sqsEndpoint() != null) {
            sqsBuilder.endpointOverride(config.sqsEndpoint());
        }
        this.s3 = s3Builder.build();
        this.sqs = sqsBuilder.build();
    }

    /** The requests these clients have sent so far. */
    public RequestCounter requests() {
        return requests;
    }

    public S3ObjectStore objectStore() {
        return new S3ObjectStore(s3, config.bucket());
    }

    public SqsJobQueue jobs() throws IOException {
        return queue(config.jobsQueue());
    }

    /** The queue that keeps the jobs the cluster could not run, with the reason when it knows one. */
    public SqsJobQueue deadLetters() throws IOException {
        return queue(config.deadLettersQueue());
    }

    public SqsJobQueue queue(String name) throws IOException {
        String url = queueUrls.get(name);
        if (url == null) {
            try {
                url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            } catch (QueueDoesNotExistException e) {
                throw new IOException("the queue " + name + " does not exist", e);
            } catch (SdkException e) {
                throw CloudFailures.of("cannot look up the queue " + name + ": " + e.getMessage(), e);
            }
            queueUrls.put(name, url);
        }
        return new SqsJobQueue(sqs, name, url);
    }

    /**
     * What the cluster serving this configuration's jobs queue last published, or empty when no
     * cluster ever did.
     */
    public java.util.Optional<ClusterStatus> clusterStatus() throws IOException {
        try {
            byte[] json = objectStore().get(ClusterStatus.key(config.jobsQueue()));
            return java.util.Optional.of(JobCodec.decodeClusterStatus(new String(json, StandardCharsets.UTF_8)));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        }
    }

    /** What works of this configuration and what does not, each finding in words a user can act on. */
    public java.util.List<ConnectionCheck.Finding> check() {
        return ConnectionCheck.run(config, s3, sqs);
    }

    /**
     * Creates what is missing — the bucket, the dead-letter queue, the jobs queue — and gives the
     * jobs queue its redrive policy: for the local servers, and {@code tessera check} on them.
     */
    public void provision() throws IOException {
        try {
            s3.createBucket(b -> b.bucket(config.bucket()));
        } catch (BucketAlreadyOwnedByYouException e) {
            // already there: nothing to do
        } catch (SdkException e) {
            if (!(e.getMessage() != null && e.getMessage().contains("BucketAlreadyOwnedByYou"))) {
                throw new IOException("cannot create the bucket " + config.bucket() + ": " + e.getMessage(), e);
            }
        }
        SqsJobQueue deadLetters = createQueue(config.deadLettersQueue());
        SqsJobQueue jobs = createQueue(config.jobsQueue());
        // SQS itself moves a job received maxReceives times without being deleted — its ranks died
        // or hung each time — to the dead-letter queue, so that no poisonous job cycles for ever.
        try {
            String deadLettersArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters.url())
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String policy = "{\"deadLetterTargetArn\":\"" + deadLettersArn + "\",\"maxReceiveCount\":\""
                    + config.maxReceives() + "\"}";
            sqs.setQueueAttributes(b -> b.queueUrl(jobs.url()).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                    policy)));
        } catch (SdkException e) {
            throw new IOException("cannot give the queue " + config.jobsQueue() + " its dead-letter queue "
                    + config.deadLettersQueue() + ": " + e.getMessage(), e);
        }
    }

    /** Creates a queue if it is missing; names ending in .fifo make FIFO queues. */
    public SqsJobQueue createQueue(String name) throws IOException {
        Map<QueueAttributeName, String> attributes = name.endsWith(".fifo")
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT,
                        JOB_VISIBILITY_SECONDS)
                : Map.of();
        try {
            String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
            queueUrls.put(name, url);
            return new SqsJobQueue(sqs, name, url);
        } catch (SdkException e) {
            throw new IOException("cannot create the queue " + name + ": " + e.getMessage(), e);
        }
    }

    public void deleteQueue(String name) throws IOException {
        try {
            String url = queue(name).url();
            sqs.deleteQueue(b -> b.queueUrl(url));
            queueUrls.remove(name);
        } catch (SdkException e) {
            throw new IOException("cannot delete the queue " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        http.close();
    }
}
