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
    void send(String body, String group, String dedupId) throws IOException;

    /** Waits up to {@code wait} for at least one message and returns up to {@code max} of them. */
    List<Message> receive(int max, Duration wait) throws IOException;

    void delete(Message message) throws IOException;

    /** Keeps a received message invisible for {@code timeout} more, while its work goes on. */
    void extendVisibility(Message message, Duration timeout) throws IOException;

    /**
     * A received message; {@code receipt} identifies this delivery for {@link #delete}, and
     * {@code receiveCount} says how often the message has been received, this time included.
     */
    record Message(String body, String receipt, int receiveCount) {
    }
}
