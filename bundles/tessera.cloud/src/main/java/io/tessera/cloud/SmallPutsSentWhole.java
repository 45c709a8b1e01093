package io.tessera.cloud;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends small uploads in one go, without {@code Expect: 100-continue}, which the S3 client puts on
 * every upload with a body. With it, the JDK's HTTP client sends the headers, waits for the
 * server's "100 Continue" and only then the body: a round trip more for every result, provenance
 * and input, to spare a body the server might refuse — worth it for a large part, not for a few
 * kilobytes. That wait is also where the JDK's client has been seen to fail with "Unexpected end
 * of file from server" (aws-sdk-java-v2 issue 6670; once in a bench scale run here, a result's
 * PUT, which the worker then reported RETRYING). Uploads above {@link #LARGEST_WHOLE} keep the
 * header.
 */
final class SmallPutsSentWhole implements ExecutionInterceptor {
    /** Sent whole up to this many bytes: at 100 Mbit/s, about the time of a few round trips. */
    static final long LARGEST_WHOLE = 1024 * 1024;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        if (request.firstMatchingHeader("Expect").isEmpty()) {
            return request;
        }
        // Signed payloads sent in chunks carry the body's own length in x-amz-decoded-content-length.
        long length = request.firstMatchingHeader("x-amz-decoded-content-length")
                .or(() -> request.firstMatchingHeader("Content-Length")).map(Long::parseLong).orElse(Long.MAX_VALUE);
        return length <= LARGEST_WHOLE ? request.toBuilder().removeHeader("Expect").build() : request;
    }
}
