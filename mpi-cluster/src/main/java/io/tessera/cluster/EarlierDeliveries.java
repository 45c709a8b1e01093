package io.tessera.cluster;

import io.tessera.core.batch.DeadLetters;
import io.tessera.core.job.JobSpec;
import io.tessera.core.port.JobQueue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rank 0's answer to whether a job it is about to hand over may have run before, so that its slot
 * looks for a result an earlier delivery stored before computing it again (SQS delivers at least
 * once: a rank may store the result and die before the message is deleted).
 *
 * <p>Most jobs are on their first delivery, and for them the look-up was one more S3 request per job
 * (a HEAD answered "no such key"): a sixth to a third of the ranks' CPU per job when the jobs
 * compute nothing ({@code tessera bench scale}). A job may have run before when SQS has delivered
 * its message before (a lost delete, a rank that died, a job put back), when a person sent it back
 * from the dead-letter queue (a new message, marked {@link DeadLetters#REDRIVEN}), or when rank 0
 * has already handed over a job of the same id (another message of the same job, sent past FIFO
 * deduplication). A copy that reaches a rank 0 restarted since, or one more than
 * {@value #REMEMBERED_JOBS} jobs later, is computed again: the same pixels stored again under the
 * same key, and its client told DONE a second time.
 */
final class EarlierDeliveries {
    /** Job ids remembered (about 10 MB): far more than SQS redelivers a copy within. */
    static final int REMEMBERED_JOBS = 100_000;

    private final Map<String, Boolean> handedOver;

    EarlierDeliveries(int remembered) {
        this.handedOver = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > remembered;
            }
        };
    }

    /** Whether {@code job}, delivered as {@code message}, may have run before; remembers it as handed over. */
    boolean mayHaveRunBefore(JobSpec job, JobQueue.Message message) {
        boolean seen = handedOver.put(job.jobId(), Boolean.TRUE) != null;
        return seen || message.receiveCount() > 1 || message.attributes().containsKey(DeadLetters.REDRIVEN);
    }
}
