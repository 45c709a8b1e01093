package io.tessera.core.port;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A message queue with at-least-once delivery: an SQS queue in practice. A received message stays
 * invisible to others until its visibility timeout runs out, and is gone only once deleted.
 */
public interface JobQueue {

    /**
     * @param group   keeps messages of one group in order on FIFO queues; ignored elsewhere
     * @param dedupId drops a repeated send on FIFO queues; ignored elsewhere
     */
    default void send(String body, String group, String dedupId) throws IOException {
        send(body, group, dedupId, java.util.Map.of());
    }

    /** As {@link #send(String, String, String)}, with string attributes that travel beside the body. */
    void send(String body, String group, String dedupId, java.util.Map<String, String> attributes) throws IOException;

    /** SQS takes at most this many entries in one batch request. */
    int MAX_BATCH = 10;

    /**
     * Sends every message, {@value #MAX_BATCH} to a request where the queue allows it. Either all
     * were sent or an exception says how many were not; re-sending all of them is then safe on a
     * FIFO queue (the deduplication ids drop the repeats) and harmless for events (clients ignore
     * a repeated event).
     */
    void sendAll(List<Outgoing> messages) throws IOException;

    /** Deletes every message, {@value #MAX_BATCH} to a request. */
    void deleteAll(List<Message> messages) throws IOException;

    /** Sets the visibility timeout of every message, {@value #MAX_BATCH} to a request. */
    void extendVisibilityAll(List<Message> messages, Duration timeout) throws IOException;

    /** A message to send with {@link #sendAll}; {@code group} and {@code dedupId} as for {@link #send}. */
    record Outgoing(String body, String group, String dedupId, java.util.Map<String, String> attributes) {
        public Outgoing {
            attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
        }

        public Outgoing(String body, String group, String dedupId) {
            this(body, group, dedupId, java.util.Map.of());
        }
    }

    /** Waits up to {@code wait} for at least one message and returns up to {@code max} of them. */
    List<Message> receive(int max, Duration wait) throws IOException;

    void delete(Message message) throws IOException;

    /** Keeps a received message invisible for {@code timeout} more, while its work goes on. */
    void extendVisibility(Message message, Duration timeout) throws IOException;

    /**
     * A received message; {@code receipt} identifies this delivery for {@link #delete},
     * {@code receiveCount} says how often the message has been received, this time included, and
     * {@code attributes} are those it was sent with.
     */
    record Message(String body, String receipt, int receiveCount, java.util.Map<String, String> attributes) {
        public Message {
            attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
        }
    }
}
