package io.tessera.cluster;

import io.tessera.core.job.ClusterStatus;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobState;
import io.tessera.core.port.ObjectStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rank 0's account of the cluster, written to the bucket soon after every change as a
 * {@link ClusterStatus}: counts come from the main thread, the writes from a background one.
 */
final class ClusterStatusWriter {
    private static final long MINUTE_MILLIS = 60_000;

    private final ObjectStore store;
    private final String key;
    private final int ranks;
    private final int restarts;
    private final String host;
    private final List<String> hostsByRank;
    private final List<String> hostsLeftOut;
    private final String mpiLibrary;
    private final Instant started = Instant.now();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final Map<Integer, Long> doneByRank = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Long> finishedAtMillis = new ConcurrentLinkedDeque<>();
    private final int slotsPerRank;
    private volatile int busy;
    private volatile String state = "running";
    private volatile boolean lastWriteFailed;
    /** Something changed since the last write. */
    private volatile boolean changed = true;
    private volatile long lastWriteMillis;

    ClusterStatusWriter(ObjectStore store, String jobsQueue, List<String> hostsByRank, List<String> hostsLeftOut,
            int restarts, String mpiLibrary, int slotsPerRank) {
        this.slotsPerRank = slotsPerRank;
        this.store = store;
        this.hostsLeftOut = List.copyOf(hostsLeftOut);
        this.hostsByRank = List.copyOf(hostsByRank);
        this.mpiLibrary = mpiLibrary;
        this.key = ClusterStatus.key(jobsQueue);
        this.ranks = hostsByRank.size();
        this.restarts = restarts;
        this.host = hostsByRank.get(0);
    }

    /** Each rank's host, by rank. */
    List<String> hostsByRank() {
        return hostsByRank;
    }

    void busy(int workers) {
        changed |= busy != workers;
        busy = workers;
    }

    void finished(JobEvent event) {
        (switch (event.state()) {
            case FAILED -> failed;
            case CANCELLED -> cancelled;
            default -> done;
        }).incrementAndGet();
        if (event.state() != JobState.CANCELLED) { // no rank's work, and not throughput
            doneByRank.merge(event.rank(), 1L, Long::sum);
            finishedAtMillis.add(System.currentTimeMillis());
        }
        changed = true;
    }

    /**
     * Called every second: writes when something changed, and at least every
     * {@link ClusterStatus#INTERVAL} so that readers can tell a live cluster from a dead one. At
     * most one S3 write a second, however many jobs finish.
     */
    void writeIfDue() {
        if (changed || System.currentTimeMillis() - lastWriteMillis >= ClusterStatus.INTERVAL.toMillis()) {
            write();
        }
    }

    /** Records a new state and publishes it at once. */
    void state(String newState) {
        state = newState;
        write();
    }

    synchronized void write() {
        long now = System.currentTimeMillis();
        changed = false;
        lastWriteMillis = now;
        while (!finishedAtMillis.isEmpty() && finishedAtMillis.peekFirst() < now - MINUTE_MILLIS) {
            finishedAtMillis.pollFirst();
        }
        // Over the last minute, or over the time since the start when that is shorter.
        double minutes = Math.max(1, Math.min(MINUTE_MILLIS, now - started.toEpochMilli())) / (double) MINUTE_MILLIS;
        ClusterStatus status = new ClusterStatus(JobCodec.VERSION, state, host, started.toString(),
                Instant.ofEpochMilli(now).toString(), ranks, busy, done.get(), failed.get(), cancelled.get(),
                Math.round(finishedAtMillis.size() / minutes * 10) / 10.0, restarts, doneByRank, mpiLibrary, hostsByRank, hostsLeftOut,
                slotsPerRank);
        try {
            store.put(key, JobCodec.encode(status).getBytes(StandardCharsets.UTF_8), "application/json");
            if (lastWriteFailed) {
                ClusterLog.info(0, "status-written-again", "key", key);
            }
            lastWriteFailed = false;
        } catch (IOException | RuntimeException e) {
            // Log the first failure of a run of them, not one every few seconds.
            if (!lastWriteFailed) {
                ClusterLog.info(0, "status-write-failed", "key", key, "error", e.getMessage());
            }
            lastWriteFailed = true;
        }
    }
}
