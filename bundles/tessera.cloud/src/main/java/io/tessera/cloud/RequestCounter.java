package io.tessera.cloud;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests the SDK sends, retries included, by service and operation (e.g.
 * {@code SQS.SendMessageBatch}): what each process costs the servers, as the benchmarks report it.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toUpperCase(java.util.Locale.ROOT) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Requests so far, by {@code Service.Operation}, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** Requests so far to one service ({@code "S3"} or {@code "SQS"}). */
    public long total(String service) {
        return total(snapshot(), service);
    }

    /** The requests to one service in a {@link #snapshot}. */
    public static long total(Map<String, Long> snapshot, String service) {
        return snapshot.entrySet().stream().filter(e -> e.getKey().startsWith(service + "."))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
