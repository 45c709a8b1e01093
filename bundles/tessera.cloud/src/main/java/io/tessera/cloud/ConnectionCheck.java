package io.tessera.cloud;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Says precisely what of a configuration works and what does not: the S3 server and the bucket,
 * the SQS server and the jobs queue, and whether the credentials are accepted. The CLI runs it
 * before a batch and as {@code tessera check}; the workbench's "Test connection" shows it.
 */
public final class ConnectionCheck {

    /** One thing checked: what, whether it works, and what the user should know about it. */
    public record Finding(String what, boolean ok, String detail) {
        @Override
        public String toString() {
            return (ok ? "ok      " : "PROBLEM ") + what + " " + detail;
        }
    }

    private ConnectionCheck() {
    }

    static List<Finding> run(CloudConfig config, S3Client s3, SqsClient sqs) {
        List<Finding> findings = new ArrayList<>();
        String s3Where = config.s3Endpoint() != null ? config.s3Endpoint().toString() : "AWS S3 in " + config.region();
        String sqsWhere = config.sqsEndpoint() != null ? config.sqsEndpoint().toString() : "AWS SQS in " + config.region();
        String bucket = "bucket " + config.bucket();
        try {
            // A listing rather than a HEAD: its error body names the cause (a HEAD's has none).
            s3.listObjectsV2(b -> b.bucket(config.bucket()).maxKeys(1));
            findings.add(new Finding(bucket, true, "reachable at " + s3Where));
        } catch (NoSuchBucketException e) {
            findings.add(new Finding(bucket, false, "does not exist at " + s3Where + "; create it, or set "
                    + "bucket= in the configuration to one that exists"));
        } catch (SdkException e) {
            findings.add(new Finding(bucket, false, explain(e, "S3", s3Where, config)));
        }
        findings.add(queue(sqs, config.jobsQueue(), "queue.jobs", sqsWhere, config));
        findings.add(queue(sqs, config.deadLettersQueue(), "queue.deadLetters", sqsWhere, config));
        return findings;
    }

    private static Finding queue(SqsClient sqs, String name, String property, String where, CloudConfig config) {
        String queue = "queue " + name;
        try {
            sqs.getQueueUrl(b -> b.queueName(name));
            return new Finding(queue, true, "reachable at " + where);
        } catch (QueueDoesNotExistException e) {
            return new Finding(queue, false, "does not exist at " + where + "; create it as a FIFO queue, "
                    + "or set " + property + "= in the configuration");
        } catch (SdkException e) {
            return new Finding(queue, false, explain(e, "SQS", where, config));
        }
    }

    private static String explain(SdkException e, String service, String where, CloudConfig config) {
        if (e instanceof SdkClientException) {
            return "cannot reach " + service + " at " + where + ": " + rootMessage(e);
        }
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : null;
            String credentials = config.accessKey() != null ? "the access key " + config.accessKey()
                    : config.profile() != null ? "the credentials of the AWS profile " + config.profile()
                    : "the AWS default credentials (environment, ~/.aws, instance role)";
            if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "InvalidClientTokenId".equals(code) || "UnrecognizedClientException".equals(code)) {
                return service + " at " + where + " does not accept " + credentials + " (" + code + ")";
            }
            if (aws.statusCode() == 403) {
                return service + " at " + where + " denies " + credentials + " access (" + (code != null ? code
                        : "403") + "): grant it the permission, or use other credentials";
            }
            return service + " at " + where + " answered " + aws.statusCode() + (code != null ? " " + code : "")
                    + ": " + rootMessage(e);
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == e ? message : message + " (" + e.getMessage() + ")";
    }
}
