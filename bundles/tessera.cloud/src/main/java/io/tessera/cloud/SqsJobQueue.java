package io.tessera.cloud;

import io.tessera.core.port.JobQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@link JobQueue} on one SQS queue; FIFO queues get the group and deduplication ids. */
public final class SqsJobQueue implements JobQueue {
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
    public void send(String body, String group, String dedupId, java.util.Map<String, String> attributes)
            throws IOException {
        try {
            sqs.sendMessage(b -> {
                b.queueUrl(url).messageBody(body);
                if (!attributes.isEmpty()) {
                    java.util.Map<String, MessageAttributeValue> values = new java.util.HashMap<>();
                    attributes.forEach((k, v) -> values.put(k,
                            MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
                    b.messageAttributes(values);
                }
                if (fifo) {
                    b.messageGroupId(group).messageDeduplicationId(dedupId);
                }
            });
        } catch (SdkException e) {
            throw CloudFailures.of("cannot send to queue " + name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw CloudFailures.cutOff("cannot send to queue " + name, e);
        }
    }

    @Override
    public List<Message> receive(int max, Duration wait) throws IOException {
        try {
            return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(Math.min(max, 10))
                            .waitTimeSeconds((int) Math.min(wait.toSeconds(), 20))
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                            .messageAttributeNames("All"))
                    .messages().stream().map(m -> new Message(m.body(), m.receiptHandle(), receiveCount(m),
                            attributesOf(m))).toList();
        } catch (SdkException e) {
            throw CloudFailures.of("cannot receive from queue " + name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw CloudFailures.cutOff("cannot receive from queue " + name, e);
        }
    }


    private static java.util.Map<String, String> attributesOf(software.amazon.awssdk.services.sqs.model.Message m) {
        java.util.Map<String, String> attributes = new java.util.HashMap<>();
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

    /**
     * What the queue holds now, as SQS estimates it (its counts are approximate and lag by a few
     * seconds): messages waiting, received and not yet deleted, and delayed.
     */
    public record Depth(long waiting, long inFlight, long delayed) {
    }

    public Depth depth() throws IOException {
        try {
            java.util.Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            return new Depth(count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                    count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                    count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        } catch (SdkException e) {
            throw CloudFailures.of("cannot read the size of queue " + name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw CloudFailures.cutOff("cannot read the size of queue " + name, e);
        }
    }

    private static long count(java.util.Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void extendVisibility(Message message, Duration timeout) throws IOException {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(message.receipt())
                    .visibilityTimeout((int) timeout.toSeconds()));
        } catch (SdkException e) {
            throw CloudFailures.of("cannot extend a message's visibility on queue " + name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw CloudFailures.cutOff("cannot extend a message's visibility on queue " + name, e);
        }
    }

    @Override
    public void delete(Message message) throws IOException {
        try {
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receipt()));
        } catch (SdkException e) {
            throw CloudFailures.of("cannot delete from queue " + name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw CloudFailures.cutOff("cannot delete from queue " + name, e);
        }
    }
}
