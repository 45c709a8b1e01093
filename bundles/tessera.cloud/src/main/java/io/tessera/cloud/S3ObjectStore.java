package io.tessera.cloud;

import io.tessera.core.port.ObjectStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ObjectStore} on one S3 bucket. SDK failures become IOExceptions that name bucket and key. */
public final class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final String bucket;

    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] content, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("cannot store", key, e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("s3://" + bucket + "/" + key, null, "no such object");
        } catch (SdkException e) {
            throw failure("cannot read", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                return false;
            }
            throw failure("cannot look up", key, e);
        } catch (SdkException e) {
            throw failure("cannot look up", key, e);
        }
    }

    private IOException failure(String what, String key, SdkException e) {
        String reason = e instanceof NoSuchBucketException ? "the bucket does not exist" : e.getMessage();
        String message = what + " s3://" + bucket + "/" + key + ": " + reason;
        // Unreachable, throttled, a 5xx: worth trying again later (the SDK's own verdict).
        return e.retryable() || e instanceof software.amazon.awssdk.core.exception.SdkClientException
                ? new io.tessera.core.port.UnavailableException(message, e) : new IOException(message, e);
    }
}
