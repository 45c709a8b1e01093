package io.tessera.ui.session;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.SqsJobQueue;
import io.tessera.core.job.ClusterStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * What the cluster last published in the bucket and what the queues hold, read every few seconds
 * in a background Job while a view shows it (the workbench talks to S3 and SQS only, never to the
 * cluster's nodes).
 */
public final class ClusterReport {
    /** How often the report is read: it changes within a second of a job finishing. */
    private static final long WATCH_MILLIS = 2_000;

    private final Connection connection;
    private final Listeners listeners = new Listeners();
    private volatile Job watcher;
    private volatile String clusterSummary = "cluster: waiting for its first report";
    private volatile String queueSummary = "queue: not read yet";
    private volatile ClusterStatus last;
    private volatile boolean closed;

    public ClusterReport(Connection connection) {
        this.connection = connection;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** One line on the cluster: ranks up, busy, jobs done and failed, throughput, restarts. */
    public String clusterSummary() {
        return clusterSummary;
    }

    /** The queues' live counts, as SQS estimates them: one line, refreshed with the cluster's. */
    public String queueSummary() {
        return queueSummary;
    }

    /** The cluster's last report, if one was read; for the About dialog's MPI line. */
    public Optional<ClusterStatus> lastClusterStatus() {
        return Optional.ofNullable(last);
    }

    /** Starts reading the report every few seconds; a second call changes nothing. */
    public synchronized void watch() {
        if (watcher != null) {
            return;
        }
        Job job = Job.create("Watching the Tessera cluster", monitor -> {
            while (!monitor.isCanceled() && !closed) {
                String summary;
                try {
                    Optional<ClusterStatus> status = connection.clients().clusterStatus();
                    status.ifPresent(s -> last = s);
                    summary = status.map(s -> s.summary(Instant.now())).orElse("cluster: none has reported for the queue yet");
                } catch (IOException | RuntimeException e) {
                    summary = "cluster status unavailable: " + e.getMessage();
                }
                String queues = readQueueCounts();
                if (!summary.equals(clusterSummary) || !queues.equals(queueSummary)) {
                    clusterSummary = summary;
                    queueSummary = queues;
                    listeners.fire();
                }
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    break;
                }
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
        watcher = job;
    }

    public void close() {
        closed = true;
        Job job = watcher;
        if (job != null) {
            job.cancel();
        }
    }

    private String readQueueCounts() {
        try {
            CloudClients c = connection.clients();
            SqsJobQueue.Depth jobs = c.jobs().depth();
            SqsJobQueue.Depth dead = c.deadLetters().depth();
            return String.format("queue: %d waiting, %d on the cluster%s · %d dead-lettered", jobs.waiting() + jobs.delayed(),
                    jobs.inFlight(), jobs.delayed() > 0 ? " (" + jobs.delayed() + " waiting to be retried)" : "",
                    dead.waiting() + dead.inFlight() + dead.delayed());
        } catch (IOException | RuntimeException e) {
            return "queue counts unavailable: " + e.getMessage();
        }
    }
}
