package io.tessera.cloud;

import io.tessera.core.port.UnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that decides whether an S3 or SQS failure is worth trying again: unreachable,
 * throttled, a 5xx (the SDK's own verdict), or a connection cut mid-response, which the SDK's URL
 * client reports unchecked rather than as an SdkException. Those become
 * {@link UnavailableException}; everything else a plain IOException.
 */
final class CloudFailures {
    private CloudFailures() {
    }

    static IOException of(String message, SdkException e) {
        return e.retryable() || e instanceof SdkClientException ? new UnavailableException(message, e)
                : new IOException(message, e);
    }

    static UnavailableException cutOff(String message, UncheckedIOException e) {
        return new UnavailableException(message + ": " + e.getCause().getMessage(), e);
    }
}
