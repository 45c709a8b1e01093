package io.tessera.ui.session;

import io.tessera.cloud.CloudClients;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.MeasurementsCsv;
import io.tessera.core.batch.NaturalOrder;
import io.tessera.core.batch.SafeNames;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.job.Measurements;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.port.JobQueue;
import io.tessera.core.port.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * The jobs this workspace submitted and what their events say, in the order they were submitted.
 * It listens on the workspace's events queue from the first connection on, and puts each result
 * (and its provenance record) into the project of its batch as soon as the result is stored.
 */
public final class JobBoard {
    static final String PLUGIN_ID = "tessera.ui";

    /** The name of a batch's joined measurements at the top of its project. */
    public static final String MEASUREMENTS_CSV = "measurements.csv";

    private final Connection connection;
    /** The catalogue of the moment: a reload of the plugins replaces it. */
    private final Supplier<OperationCatalog> catalog;
    private final WorkspaceResults results;
    /** Each batch's measurements fetched so far, by result key, for its project's measurements.csv. */
    private final Map<String, Map<String, Measurements>> measured = new ConcurrentHashMap<>();
    /** The batches whose measurements.csv is to be written again (at most once a second). */
    private final Set<String> measurementsToWrite = ConcurrentHashMap.newKeySet();
    private final Job measurementsWriter;
    private final Map<String, JobRow> rows = new ConcurrentHashMap<>();
    private final Listeners listeners = new Listeners();
    private volatile Job eventListener;

    public JobBoard(Connection connection, IWorkspace workspace, Supplier<OperationCatalog> catalog) {
        this.connection = connection;
        this.catalog = catalog;
        this.results = new WorkspaceResults(workspace);
        this.measurementsWriter = Job.create("Writing measurements into the projects", this::writeMeasurements);
        measurementsWriter.setSystem(true);
        connection.onConnect(this::startListening);
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    public List<JobRow> jobs() {
        return rows.values().stream().sorted(Comparator.comparing(JobRow::submitted).thenComparing(JobRow::jobId))
                .toList();
    }

    /** Records a job about to be sent; before its message leaves, since its first event may come back at once. */
    void submitted(JobSpec spec, String image) {
        rows.put(spec.jobId(), new JobRow(spec, image));
        listeners.fire();
    }

    /**
     * Cancels jobs that have not started: marks each in the bucket so that the cluster answers it
     * CANCELLED instead of running it. Jobs already running or finished are left alone.
     */
    public Job cancel(List<JobRow> chosen) {
        List<JobRow> waiting = chosen.stream()
                .filter(r -> r.state() == JobState.SUBMITTED || r.state() == JobState.RETRYING).toList();
        Job job = Job.create("Cancelling " + waiting.size() + " job(s)", monitor -> {
            try {
                CloudClients c = connection.clients();
                for (JobRow row : waiting) {
                    c.objectStore().put(JobCodec.cancelKey(row.batch(), row.jobId()), new byte[0], "text/plain");
                    row.cancelRequested();
                    listeners.fire();
                }
                return Status.OK_STATUS;
            } catch (IOException e) {
                return new Status(IStatus.ERROR, PLUGIN_ID, "Could not cancel: " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    /** Stops listening; jobs keep running on the cluster and their events wait in the queue. */
    public void close() {
        Job listener = eventListener;
        if (listener != null) {
            listener.cancel();
        }
    }

    private void startListening(Connection.Connected connected) {
        Job listener = Job.create("Listening for Tessera job events", (IProgressMonitor monitor) -> listen(connected, monitor));
        listener.setSystem(true);
        listener.schedule();
        eventListener = listener;
    }

    private IStatus listen(Connection.Connected connected, IProgressMonitor monitor) {
        // Listens with the clients it started with; after a reconnect a new listener takes over.
        while (!monitor.isCanceled() && connection.isCurrent(connected)) {
            try {
                JobQueue events = connected.clients().queue(connected.eventsQueue());
                List<JobQueue.Message> received = events.receive(JobQueue.MAX_BATCH, Duration.ofSeconds(5));
                for (JobQueue.Message message : received) {
                    handle(message.body(), connected.clients(), monitor);
                }
                events.deleteAll(received);
            } catch (IOException e) {
                if (!connection.isCurrent(connected)) {
                    break;
                }
                // The servers may be restarting: wait and try again rather than give up listening.
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        return Status.OK_STATUS;
    }

    private void handle(String body, CloudClients clients, IProgressMonitor monitor) {
        JobEvent event;
        try {
            event = JobCodec.decodeEvent(body);
        } catch (ProtocolException e) {
            return;
        }
        // A job submitted before the workbench was last closed still gets its row and its result.
        JobRow row = rows.computeIfAbsent(event.jobId(), id -> JobRow.recovered(event));
        row.apply(event);
        if (event.state() == JobState.DONE) {
            try {
                // The event comes from a queue, not from us: its names must not steer where files go.
                String name = SafeNames.lastSegmentOf(event.outputKey());
                String project = SafeNames.segment(event.batch());
                ObjectStore.Stored result = clients.objectStore().read(event.outputKey());
                byte[] content = result.content();
                byte[] provenance = BatchClient.provenanceRecord(clients.objectStore(), event.outputKey(),
                        result.metadata());
                // The record first: whoever sees the result can already see what made it.
                results.store(project, "results", name + Provenance.SUFFIX, provenance, monitor);
                row.setLocalResult(results.store(project, "results", name, content, monitor).getFullPath()
                        .toString());
                fetchMeasurements(row, event, clients);
            } catch (IOException | CoreException e) {
                row.apply(new JobEvent(JobCodec.VERSION, event.jobId(), event.batch(), event.inputKey(), JobState.FAILED,
                        event.rank(), event.outputKey(), "the result could not be fetched: " + e.getMessage(), 0, null, null,
                        event.host()));
            }
        }
        listeners.fire();
    }

    /**
     * A measuring job's tables, kept with its batch's and joined into the batch's project as
     * {@value #MEASUREMENTS_CSV}, written again a second after the last of a burst. A job from an
     * earlier session (its pipeline unknown here) is asked for its tables only if it has any.
     */
    private void fetchMeasurements(JobRow row, JobEvent event, CloudClients clients) throws IOException {
        String key = Measurements.keyForResult(event.outputKey());
        boolean measures;
        try {
            // A macro's tables are the ones its code happened to fill: maybe none.
            OperationCatalog operations = catalog.get();
            measures = row.spec() != null && !operations.carriesCode(row.spec().pipeline())
                    ? operations.measures(row.spec().pipeline()) : clients.objectStore().exists(key);
        } catch (io.tessera.core.op.InvalidPipelineException e) {
            measures = clients.objectStore().exists(key); // an operation of a plugin that is gone
        }
        if (!measures) {
            return;
        }
        try {
            Measurements tables = JobCodec.decodeMeasurements(new String(clients.objectStore().get(key),
                    StandardCharsets.UTF_8));
            measured.computeIfAbsent(event.batch(), b -> new ConcurrentHashMap<>()).put(event.outputKey(), tables);
        } catch (ProtocolException e) {
            throw new IOException(key + ": " + e.getMessage(), e);
        }
        // (the caller tells the listeners, the Measurements view among them)
        measurementsToWrite.add(event.batch());
        measurementsWriter.schedule(1000);
    }

    /** The batches of which measurements have arrived. */
    public Set<String> measuredBatches() {
        return Set.copyOf(measured.keySet());
    }

    /** A batch's measurements that have arrived, in the natural order of their results' names. */
    public List<Measurements> measurements(String batch) {
        Map<String, Measurements> byResult = measured.getOrDefault(batch, Map.of());
        return byResult.keySet().stream().sorted(NaturalOrder.INSTANCE).map(byResult::get).toList();
    }

    private IStatus writeMeasurements(IProgressMonitor monitor) {
        for (String batch : List.copyOf(measurementsToWrite)) {
            measurementsToWrite.remove(batch);
            try {
                results.store(SafeNames.segment(batch), "", MEASUREMENTS_CSV,
                        MeasurementsCsv.of(measurements(batch)).getBytes(StandardCharsets.UTF_8), monitor);
            } catch (CoreException e) {
                return new Status(IStatus.WARNING, PLUGIN_ID, "Could not write the measurements of " + batch + ": "
                        + e.getMessage(), e);
            }
        }
        return Status.OK_STATUS;
    }
}
