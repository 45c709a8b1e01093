package io.tessera.cloud;

import io.tessera.core.port.JobQueue;
import io.tessera.core.port.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@link JobQueue} on one SQS queue; FIFO queues get the group and deduplication ids. Batch calls
 * go out {@value JobQueue#MAX_BATCH} entries to a request: on one machine every request saved is
 * CPU given back to the ranks, and against AWS it is money.
 */
public final class SqsJobQueue implements JobQueue {
    /** SQS's limit on a batch's total payload is 256 KiB; stay clear of it. */
    private static final int MAX_BATCH_BYTES = 240 * 1024;

    private final SqsClient sqs;
    private final String name;
    private final String url;
    private final boolean fifo;

    public SqsJobQueue(SqsClient sqs, String name, String url) {
        this.sqs = sqs;
        this.name = name;
        this.url = url;
        this.fifo = name.endsWith(".fifo");
    }

    @Override
    public String toString() {
        return name;
    }

    String url() {
        return url;
    }

    @Override
    public void send(String body, String group, String dedupId, Map<String, String> attributes) throws IOException {
        call("cannot send to queue", () -> sqs.sendMessage(b -> {
            b.queueUrl(url).messageBody(body).messageAttributes(attributeValues(attributes));
            if (fifo) {
                b.messageGroupId(group).messageDeduplicationId(dedupId);
            }
        }));
    }

    @Override
    public void sendAll(List<Outgoing> messages) throws IOException {
        for (List<Outgoing> chunk : chunks(messages, m -> m.body().getBytes(StandardCharsets.UTF_8).length)) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Outgoing m = chunk.get(i);
                var entry = SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body())
                        .messageAttributes(attributeValues(m.attributes()));
                if (fifo) {
                    entry.messageGroupId(m.group()).messageDeduplicationId(m.dedupId());
                }
                entries.add(entry.build());
            }
            var result = call("cannot send to queue", () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)));
            throwIfAnyFailed("cannot send", result.failed(), chunk.size());
        }
    }

    @Override
    public List<Message> receive(int max, Duration wait) throws IOException {
        return call("cannot receive from queue", () -> sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(Math.min(max, MAX_BATCH))
                        .waitTimeSeconds((int) Math.min(wait.toSeconds(), 20))
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .messageAttributeNames("All"))
                .messages().stream().map(m -> new Message(m.body(), m.receiptHandle(), receiveCount(m),
                        attributesOf(m))).toList());
    }

    @Override
    public void delete(Message message) throws IOException {
        call("cannot delete from queue", () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receipt())));
    }

    @Override
    public void deleteAll(List<Message> messages) throws IOException {
        for (List<Message> chunk : chunks(messages, m -> 0)) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receipt()).build());
            }
            var result = call("cannot delete from queue",
                    () -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)));
            throwIfAnyFailed("cannot delete", result.failed(), chunk.size());
        }
    }

    @Override
    public void extendVisibility(Message message, Duration timeout) throws IOException {
        call("cannot extend a message's visibility on queue", () -> sqs.changeMessageVisibility(b -> b.queueUrl(url)
                .receiptHandle(message.receipt()).visibilityTimeout((int) timeout.toSeconds())));
    }

    @Override
    public void extendVisibilityAll(List<Message> messages, Duration timeout) throws IOException {
        for (List<Message> chunk : chunks(messages, m -> 0)) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receipt()).visibilityTimeout((int) timeout.toSeconds()).build());
            }
            var result = call("cannot change the visibility of messages on queue",
                    () -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries)));
            throwIfAnyFailed("cannot change the visibility of", result.failed(), chunk.size());
        }
    }

    /**
     * What the queue holds now, as SQS estimates it (its counts are approximate and lag by a few
     * seconds): messages waiting, received and not yet deleted, and delayed.
     */
    public record Depth(long waiting, long inFlight, long delayed) {
    }

    public Depth depth() throws IOException {
        Map<QueueAttributeName, String> a = call("cannot read the size of queue", () -> sqs.getQueueAttributes(
                b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes());
        return new Depth(count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /** One SQS call, its failures as IOExceptions that name the queue and say whether to retry. */
    private <T> T call(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw CloudFailures.of(what + " " + name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw CloudFailures.cutOff(what + " " + name, e);
        }
    }

    /**
     * A batch request can succeed while some of its entries fail. Entries SQS blames on the server
     * are worth trying again; one blamed on the sender (a malformed entry) is not.
     */
    private void throwIfAnyFailed(String what, List<BatchResultErrorEntry> failed, int entries) throws IOException {
        if (failed.isEmpty()) {
            return;
        }
        BatchResultErrorEntry first = failed.get(0);
        String message = what + " " + failed.size() + " of " + entries + " messages on queue " + name + ": "
                + first.code() + " " + first.message();
        if (failed.stream().noneMatch(BatchResultErrorEntry::senderFault)) {
            throw new UnavailableException(message, null);
        }
        throw new IOException(message);
    }

    /** Splits into runs of at most {@value JobQueue#MAX_BATCH} entries and {@link #MAX_BATCH_BYTES}. */
    private static <T> List<List<T>> chunks(List<T> items, Function<T, Integer> bytes) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> chunk = new ArrayList<>();
        int size = 0;
        for (T item : items) {
            int itemBytes = bytes.apply(item);
            if (chunk.size() == MAX_BATCH || !chunk.isEmpty() && size + itemBytes > MAX_BATCH_BYTES) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                size = 0;
            }
            chunk.add(item);
            size += itemBytes;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private static Map<String, MessageAttributeValue> attributeValues(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((k, v) -> values.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v)
                .build()));
        return values;
    }

    private static Map<String, String> attributesOf(software.amazon.awssdk.services.sqs.model.Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> {
            if (v.stringValue() != null) {
                attributes.put(k, v.stringValue());
            }
        });
        return attributes;
    }

    private static int receiveCount(software.amazon.awssdk.services.sqs.model.Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }
}
