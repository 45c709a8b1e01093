package io.tessera.cloud;

import io.tessera.core.port.ObjectStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
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
    public void put(String key, byte[] content, String contentType, Map<String, String> metadata) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("cannot store", key, e);
        } catch (java.io.UncheckedIOException e) {
            throw cutOff("cannot store", key, e);
        }
    }

    /** Files above this go up in parts of this size (S3's smallest part is 5 MiB). */
    static final long PART_SIZE = 16L * 1024 * 1024;

    @Override
    public void put(String key, java.nio.file.Path file, String contentType, Map<String, String> metadata)
            throws IOException {
        long size = java.nio.file.Files.size(file);
        if (size <= PART_SIZE) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                        RequestBody.fromFile(file));
            } catch (SdkException e) {
                throw failure("cannot store", key, e);
            } catch (java.io.UncheckedIOException e) {
                throw cutOff("cannot store", key, e);
            }
            return;
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                    .metadata(metadata)).uploadId();
        } catch (SdkException e) {
            throw failure("cannot start storing", key, e);
        } catch (java.io.UncheckedIOException e) {
            throw cutOff("cannot start storing", key, e);
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            java.util.List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new java.util.ArrayList<>();
            for (int number = 1; (long) (number - 1) * PART_SIZE < size; number++) {
                long offset = (number - 1) * PART_SIZE;
                java.nio.ByteBuffer part = java.nio.ByteBuffer.allocate((int) Math.min(PART_SIZE, size - offset));
                while (part.hasRemaining() && channel.read(part, offset + part.position()) >= 0) {
                    // read the whole part
                }
                part.flip();
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromByteBuffer(part)).eTag();
                parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(partNumber)
                        .eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException | IOException | java.io.UncheckedIOException e) {
            // Leave no half-stored parts behind (they would be billed and never used).
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the upload expires by the bucket's lifecycle rules, if any
            }
            throw e instanceof SdkException sdk ? failure("cannot store", key, sdk)
                    : e instanceof java.io.UncheckedIOException cut ? cutOff("cannot store", key, cut) : (IOException) e;
        }
    }

    @Override
    public Stored read(String key) throws IOException {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return new Stored(object.asByteArray(), object.response().metadata());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("s3://" + bucket + "/" + key, null, "no such object");
        } catch (SdkException e) {
            throw failure("cannot read", key, e);
        } catch (java.io.UncheckedIOException e) {
            throw cutOff("cannot read", key, e);
        }
    }

    @Override
    public Optional<Map<String, String>> metadata(String key) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)).metadata());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                return Optional.empty();
            }
            throw failure("cannot look up", key, e);
        } catch (SdkException e) {
            throw failure("cannot look up", key, e);
        } catch (java.io.UncheckedIOException e) {
            throw cutOff("cannot look up", key, e);
        }
    }

    @Override
    public java.util.List<String> keysUnder(String prefix) throws IOException {
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        } catch (SdkException e) {
            throw failure("cannot list", prefix, e);
        } catch (java.io.UncheckedIOException e) {
            throw cutOff("cannot list", prefix, e);
        }
    }

    private IOException cutOff(String what, String key, java.io.UncheckedIOException e) {
        return CloudFailures.cutOff(what + " s3://" + bucket + "/" + key, e);
    }

    private IOException failure(String what, String key, SdkException e) {
        String reason = e instanceof NoSuchBucketException ? "the bucket does not exist" : e.getMessage();
        return CloudFailures.of(what + " s3://" + bucket + "/" + key + ": " + reason, e);
    }
}
