package io.tessera.cluster;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.port.JobQueue;
import io.tessera.core.port.ObjectStore;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which of the jobs rank 0 holds their clients have cancelled. A client cancels by writing a
 * marker at {@code cancelled/<batch>/<jobId>}; rank 0 lists each batch's markers — when it first
 * receives a job of the batch, and then once a second while it holds any job of it — instead of
 * asking S3 about every job: one LIST per batch and second, however large the batch.
 *
 * <p>Three threads use it: the receiver ({@link #cancelledOnReceipt}, which may wait on S3), the
 * housekeeping thread ({@link #refresh}, which does), and rank 0's main loop
 * ({@link #isCancelled}, {@link #newlyCancelled}), which never waits: it reads what was last listed,
 * at most about a second old.
 */
final class CancelWatch {
    private final ObjectStore store;
    /** Cancelled job ids by batch, for the batches listed at least once. */
    private final Map<String, Set<String>> cancelledByBatch = new ConcurrentHashMap<>();
    private final Queue<String> newlyCancelled = new ConcurrentLinkedQueue<>();

    CancelWatch(ObjectStore store) {
        this.store = store;
    }

    /** On receipt: is this job cancelled? Lists the job's batch first if it was never listed. */
    boolean cancelledOnReceipt(JobSpec job) throws IOException {
        if (!cancelledByBatch.containsKey(job.batch())) {
            Set<String> listed = ConcurrentHashMap.newKeySet();
            listed.addAll(list(job.batch()));
            cancelledByBatch.merge(job.batch(), listed, (refreshed, mine) -> {
                refreshed.addAll(mine);
                return refreshed;
            });
        }
        return isCancelled(job);
    }

    /** What the last listing of the job's batch said; never waits. */
    boolean isCancelled(JobSpec job) {
        Set<String> cancelled = cancelledByBatch.get(job.batch());
        return cancelled != null && cancelled.contains(job.jobId());
    }

    /** Jobs found cancelled since the last call, for the main loop to stop if they have not started. */
    List<String> newlyCancelled() {
        List<String> ids = new java.util.ArrayList<>();
        for (String id; (id = newlyCancelled.poll()) != null;) {
            ids.add(id);
        }
        return ids;
    }

    /**
     * Lists again every batch of which rank 0 holds a job, and forgets the others (a batch seen
     * again is listed on receipt). Called about once a second.
     */
    void refresh(Collection<JobQueue.Message> held) {
        Set<String> batches = new HashSet<>();
        for (JobQueue.Message message : held) {
            try {
                batches.add(JobCodec.decodeJob(message.body()).batch());
            } catch (ProtocolException e) {
                // never run, so never cancelled
            }
        }
        cancelledByBatch.keySet().retainAll(batches);
        for (String batch : batches) {
            try {
                Set<String> known = cancelledByBatch.computeIfAbsent(batch, b -> ConcurrentHashMap.newKeySet());
                for (String jobId : list(batch)) {
                    if (known.add(jobId)) {
                        newlyCancelled.add(jobId);
                    }
                }
            } catch (IOException e) {
                ClusterLog.info(0, "cancel-list-failed", "batch", batch, "error", e.getMessage());
            }
        }
    }

    private List<String> list(String batch) throws IOException {
        String prefix = JobCodec.cancelKey(batch, "");
        return store.keysUnder(prefix).stream().map(key -> key.substring(prefix.length())).toList();
    }
}
