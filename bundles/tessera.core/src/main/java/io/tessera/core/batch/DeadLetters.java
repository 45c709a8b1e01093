package io.tessera.core.batch;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.Provenance;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.port.JobQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs the cluster could not run, as the dead-letter queue keeps them: listed with their last
 * error, then sent back to the jobs queue (redriven) or discarded. Listing receives them, which
 * hides them from other readers until they are released, redriven or discarded.
 */
public final class DeadLetters {
    /** Message attribute with the reason, set when Tessera itself moves a job here. */
    public static final String REASON = "tessera-reason";
    /** Message attribute with how often the job had been received when it was moved. */
    public static final String RECEIVES = "tessera-receives";
    /**
     * Message attribute of a job sent back to the jobs queue from here, with how often it had been
     * received before: its result may exist already, which its worker then looks for first.
     */
    public static final String REDRIVEN = "tessera-redriven";

    private final JobQueue deadLetters;
    private final JobQueue jobs;

    public DeadLetters(JobQueue deadLetters, JobQueue jobs) {
        this.deadLetters = deadLetters;
        this.jobs = jobs;
    }

    /**
     * One dead-lettered job.
     *
     * @param job     the job, or null when its message cannot be read as one
     * @param reason  why it is here, in words for a person
     * @param receives how often it was received before it came here
     */
    public record DeadLetter(JobQueue.Message message, JobSpec job, String reason, int receives) {
        /** The job's id, or a description of the unreadable message. */
        public String label() {
            if (job != null) {
                return job.jobId() + " (" + job.inputKey() + ")";
            }
            String body = message.body();
            return "unreadable message \"" + (body.length() > 40 ? body.substring(0, 37) + "..." : body) + "\"";
        }
    }

    /**
     * Moves {@code message} from the jobs queue to here with its reason: for jobs that can never
     * run, so that they are kept for a person to look at rather than retried or dropped.
     */
    public void add(JobQueue.Message message, String reason) throws IOException {
        deadLetters.send(message.body(), "dead-letters", java.util.UUID.randomUUID().toString(),
                withClientsAttributes(message, Map.of(REASON, reason, RECEIVES, Integer.toString(message.receiveCount()))));
        jobs.delete(message);
    }

    /** Up to {@code max} dead letters, kept invisible to others for a while; release them when done. */
    public List<DeadLetter> list(int max) throws IOException {
        List<DeadLetter> found = new ArrayList<>();
        while (found.size() < max) {
            List<JobQueue.Message> batch = deadLetters.receive(Math.min(10, max - found.size()), Duration.ofSeconds(1));
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(m -> found.add(read(m)));
        }
        return found;
    }

    /** Makes listed dead letters visible again, unchanged. */
    public void release(List<DeadLetter> letters) throws IOException {
        for (DeadLetter letter : letters) {
            deadLetters.extendVisibility(letter.message(), Duration.ZERO);
        }
    }

    /** Sends the jobs back to the jobs queue to be run again, then removes them from here. */
    public void redrive(List<DeadLetter> letters) throws IOException {
        for (DeadLetter letter : letters) {
            // A fresh deduplication id: the original one may still be inside SQS's 5-minute window.
            // A group of its own: a job sent back waits behind none of its batch's (BatchClient.message).
            String group = letter.job() != null ? letter.job().jobId() : "redriven-" + java.util.UUID.randomUUID();
            jobs.send(letter.message().body(), group, "redrive-" + java.util.UUID.randomUUID(),
                    withClientsAttributes(letter.message(), Map.of(REDRIVEN, Integer.toString(letter.receives()))));
            deadLetters.delete(letter.message());
        }
    }

    /**
     * {@code attributes} and what the job's client said with it ({@link Provenance#WHERE_ATTRIBUTE}):
     * a job that moves between the queues still gets its result stored as its client reads it.
     */
    private static Map<String, String> withClientsAttributes(JobQueue.Message message, Map<String, String> attributes) {
        String where = message.attributes().get(Provenance.WHERE_ATTRIBUTE);
        if (where == null) {
            return attributes;
        }
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put(Provenance.WHERE_ATTRIBUTE, where);
        return all;
    }

    public void discard(List<DeadLetter> letters) throws IOException {
        for (DeadLetter letter : letters) {
            deadLetters.delete(letter.message());
        }
    }

    private static DeadLetter read(JobQueue.Message message) {
        JobSpec job;
        String unreadable = null;
        try {
            job = JobCodec.decodeJob(message.body());
        } catch (ProtocolException e) {
            job = null;
            unreadable = e.getMessage();
        }
        String reason = message.attributes().get(REASON);
        if (reason == null) {
            // SQS moved it itself: it was received too often without being deleted.
            reason = unreadable != null ? unreadable
                    : "received too often without finishing: the ranks that ran it died or hung each time";
        }
        int receives = Integer.parseInt(message.attributes().getOrDefault(RECEIVES, "0"));
        return new DeadLetter(message, job, reason, receives);
    }
}
