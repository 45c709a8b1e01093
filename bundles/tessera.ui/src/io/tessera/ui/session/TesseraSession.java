package io.tessera.ui.session;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.DeadLetters;
import io.tessera.core.batch.SafeNames;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobState;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.JobQueue;
import io.tessera.ops.imagej.InputCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The workbench's connection to Tessera: the operations it offers, the files waiting to be
 * submitted, the jobs it submitted and their states. All network work runs in Eclipse Jobs;
 * listeners are told of changes on those threads and must hop to the UI thread themselves.
 */
public final class TesseraSession {
    private static final String PLUGIN_ID = "tessera.ui";
    /** How often the cluster's report is read: it changes within a second of a job finishing. */
    private static final long CLUSTER_WATCH_MILLIS = 2_000;

    private final OperationCatalog catalog;
    private final WorkspaceResults results;
    private final Path workspaceDir;
    private final ConnectionSettings settings;
    private final List<Path> pendingFiles = new CopyOnWriteArrayList<>();
    private final Map<String, JobRow> rows = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile CloudClients clients;
    private volatile String eventsQueue;
    private volatile Job eventListener;
    private volatile Job clusterWatcher;
    private volatile String clusterSummary = "cluster: waiting for its first report";
    private volatile String queueSummary = "queue: not read yet";
    private volatile io.tessera.core.job.ClusterStatus lastClusterStatus;
    private volatile Job uploading;
    private volatile String batchLabel;
    private volatile Path previewImage;
    private volatile BatchClient.Progress upload;
    private volatile IStatus lastUploadResult;
    private volatile boolean closed;

    public TesseraSession(OperationCatalog catalog, IWorkspace workspace) {
        this.catalog = catalog;
        this.results = new WorkspaceResults(workspace);
        this.workspaceDir = workspace.getRoot().getLocation().toFile().toPath();
        this.settings = new ConnectionSettings(workspaceDir);
    }

    /** The operations registered as OSGi services at this moment. */
    public static OperationCatalog operationsOf(BundleContext context) {
        List<Operation> found = new ArrayList<>();
        try {
            for (ServiceReference<Operation> ref : context.getServiceReferences(Operation.class, null)) {
                Operation op = context.getService(ref);
                if (op != null) {
                    found.add(op);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new OperationCatalog(found);
    }

    public OperationCatalog catalog() {
        return catalog;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    public List<Path> pendingFiles() {
        return List.copyOf(pendingFiles);
    }

    /** Adds images to the next batch; refuses what is not a readable file. */
    public void addPendingFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        if (!pendingFiles.contains(file)) {
            pendingFiles.add(file);
        }
        changed();
    }

    /** The kinds of file a folder is searched for; others in it are left alone. */
    private static final java.util.regex.Pattern IMAGE_NAME = java.util.regex.Pattern
            .compile("(?i).*\\.(png|jpe?g|tiff?|gif|bmp|pgm|ppm|pnm)$");

    /**
     * Adds the images under {@code folder} and its subfolders, walked in a Job since a folder may
     * hold thousands; {@code done} is told, on the Job's thread, how many were added.
     */
    public Job addPendingFolder(Path folder, java.util.function.IntConsumer done) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
        Job job = Job.create("Adding the images of " + folder, monitor -> {
            List<Path> found;
            try (var walk = Files.walk(folder)) {
                found = walk.filter(f -> IMAGE_NAME.matcher(f.getFileName().toString()).matches())
                        .filter(Files::isRegularFile).sorted().toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                return new Status(IStatus.ERROR, PLUGIN_ID, "cannot read the folder " + folder + ": " + e.getMessage(), e);
            }
            int before = pendingFiles.size();
            found.stream().map(Path::toAbsolutePath).filter(f -> !pendingFiles.contains(f)).forEach(pendingFiles::add);
            changed();
            done.accept(pendingFiles.size() - before);
            return Status.OK_STATUS;
        });
        job.schedule();
        return job;
    }

    /** The image the palette previews its pipeline on: the one selected in the upload view, else the first. */
    public java.util.Optional<Path> previewImage() {
        Path chosen = previewImage;
        if (chosen != null && pendingFiles.contains(chosen)) {
            return java.util.Optional.of(chosen);
        }
        return pendingFiles.stream().findFirst();
    }

    public void setPreviewImage(Path file) {
        if (!java.util.Objects.equals(previewImage, file)) {
            previewImage = file;
            changed();
        }
    }

    /** What the next batch's name begins with (the upload view's Batch name); null for the default. */
    public void setBatchLabel(String label) {
        batchLabel = label == null || label.isBlank() ? null : label.strip();
    }

    public String batchLabel() {
        return batchLabel;
    }

    public void removePendingFiles(List<Path> files) {
        pendingFiles.removeAll(files);
        changed();
    }

    public List<JobRow> jobs() {
        return rows.values().stream().sorted(java.util.Comparator.comparing(JobRow::submitted)
                .thenComparing(JobRow::jobId)).toList();
    }

    /**
     * Submits the pending files with {@code pipeline} as one batch, in a Job. The pipeline is
     * validated here, on the caller's thread, so that a mistake is reported before any upload.
     */
    public Job submit(List<PipelineStep> pipeline) {
        if (uploading != null) {
            throw new IllegalArgumentException("a batch is being uploaded; wait for it or cancel it first");
        }
        catalog.validate(pipeline);
        List<Path> files = pendingFiles();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("add at least one image in the upload view first");
        }
        InputCheck.pipelineFits(catalog, pipeline, files); // headers only: quick enough here
        String batch = BatchClient.newBatchName(batchLabel);
        batchLabel = null;
        upload = new BatchClient.Progress(null, false, 0, files.size(), 0, 0);
        Job job = Job.create("Submitting " + files.size() + " image(s) as " + batch, monitor -> {
            monitor.beginTask("Uploading " + files.size() + " image(s)", files.size());
            try {
                List<?> sent = client().submit(batch, files, pipeline, (file, spec) -> {
                    // Recorded before the job message leaves: its first event may come back at once.
                    rows.put(spec.jobId(), new JobRow(spec, file.getFileName().toString()));
                    pendingFiles.remove(file);
                    changed();
                }, progress -> {
                    upload = progress;
                    changed();
                    monitor.subTask(String.format("%d of %d uploaded (%.1f of %.1f MB)%s", progress.filesDone(),
                            progress.files(), progress.bytesDone() / 1e6, progress.bytes() / 1e6,
                            progress.alreadyStored() ? "; " + progress.file().getFileName() + " was stored already" : ""));
                    monitor.worked(1);
                }, monitor::isCanceled);
                // Cancelled: the images not sent stay in the upload view, to submit later.
                return sent.size() < files.size() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (IOException e) {
                return new Status(IStatus.ERROR, PLUGIN_ID, "Tessera could not submit " + batch + ": " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                uploading = null;
                upload = null;
                lastUploadResult = event.getResult();
                changed();
            }
        });
        uploading = job;
        job.schedule();
        return job;
    }

    /** How the upload in progress goes, or null when none runs. */
    public BatchClient.Progress uploadProgress() {
        return uploading == null ? null : upload;
    }

    /** What the last upload ended with: OK, cancelled, or its error; null before the first. */
    public IStatus lastUploadResult() {
        return lastUploadResult;
    }

    /** Stops the upload after the files in flight; the files not sent stay in the upload view. */
    public void cancelUpload() {
        Job job = uploading;
        if (job != null) {
            job.cancel();
        }
    }

    /**
     * Runs each result's recorded pipeline again on its recorded input, read from the provenance
     * record beside it: one new batch per distinct pipeline. Inputs are already in the bucket, so
     * nothing is uploaded. Results without a provenance record are named in the exception.
     */
    public Job rerun(List<Path> results) throws IOException {
        Map<List<PipelineStep>, List<String>> inputs = new java.util.LinkedHashMap<>();
        List<String> without = new ArrayList<>();
        for (Path result : results) {
            Path record = result.getFileName().toString().endsWith(Provenance.SUFFIX) ? result
                    : result.resolveSibling(result.getFileName() + Provenance.SUFFIX);
            if (!Files.isRegularFile(record)) {
                without.add(result.getFileName().toString());
                continue;
            }
            Provenance provenance;
            try {
                provenance = JobCodec.decodeProvenance(Files.readString(record));
            } catch (ProtocolException e) {
                throw new IOException(record.getFileName() + " is not a provenance record Tessera can read: " + e.getMessage(), e);
            }
            List<String> keys = inputs.computeIfAbsent(provenance.pipeline(), p -> new ArrayList<>());
            if (!keys.contains(provenance.inputKey())) {
                keys.add(provenance.inputKey());
            }
        }
        if (!without.isEmpty()) {
            throw new IOException("no provenance record beside " + String.join(", ", without)
                    + ": only results Tessera made can be run again");
        }
        return resubmit("Running again", inputs);
    }

    /**
     * Submits the failed jobs of this session again, each with its own pipeline, as new batches.
     * Jobs recovered from an earlier session are left out: their events do not carry the pipeline.
     *
     * @return the Job, or null when no failed job can be retried
     */
    public Job retryFailed() {
        Map<List<PipelineStep>, List<String>> inputs = new java.util.LinkedHashMap<>();
        for (JobRow row : jobs()) {
            if (row.state() == JobState.FAILED && !row.spec().pipeline().isEmpty()) {
                List<String> keys = inputs.computeIfAbsent(row.spec().pipeline(), p -> new ArrayList<>());
                if (!keys.contains(row.spec().inputKey())) {
                    keys.add(row.spec().inputKey());
                }
            }
        }
        return inputs.isEmpty() ? null : resubmit("Retrying failed jobs", inputs);
    }

    /** How many failed jobs {@link #retryFailed()} would submit again. */
    public long retryableFailures() {
        return rows.values().stream().filter(r -> r.state() == JobState.FAILED && !r.spec().pipeline().isEmpty()).count();
    }

    private Job resubmit(String what, Map<List<PipelineStep>, List<String>> inputsByPipeline) {
        inputsByPipeline.keySet().forEach(catalog::validate);
        int count = inputsByPipeline.values().stream().mapToInt(List::size).sum();
        Job job = Job.create(what + ": " + count + " image(s)", monitor -> {
            try {
                BatchClient client = client();
                for (Map.Entry<List<PipelineStep>, List<String>> group : inputsByPipeline.entrySet()) {
                    client.resubmit(BatchClient.newBatchName(), group.getValue(), group.getKey(), spec -> {
                        rows.put(spec.jobId(), new JobRow(spec, SafeNames.lastSegmentOf(spec.inputKey())));
                        changed();
                    });
                }
                return Status.OK_STATUS;
            } catch (IOException e) {
                return new Status(IStatus.ERROR, PLUGIN_ID, what + " failed: " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    /** The queues' live counts, as SQS estimates them: one line, refreshed with the cluster's. */
    public String queueSummary() {
        return queueSummary;
    }

    private String readQueueCounts() {
        try {
            CloudClients c = connection();
            io.tessera.cloud.SqsJobQueue.Depth jobs = c.jobs().depth();
            io.tessera.cloud.SqsJobQueue.Depth dead = c.deadLetters().depth();
            return String.format("queue: %d waiting, %d on the cluster%s · %d dead-lettered", jobs.waiting() + jobs.delayed(),
                    jobs.inFlight(), jobs.delayed() > 0 ? " (" + jobs.delayed() + " waiting to be retried)" : "",
                    dead.waiting() + dead.inFlight() + dead.delayed());
        } catch (IOException | RuntimeException e) {
            return "queue counts unavailable: " + e.getMessage();
        }
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
                CloudClients c = connection();
                for (JobRow row : waiting) {
                    c.objectStore().put(JobCodec.cancelKey(row.batch(), row.jobId()), new byte[0], "text/plain");
                    row.cancelRequested();
                    changed();
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

    /** The cluster's last report, if one was read; for the About dialog's MPI line. */
    public java.util.Optional<io.tessera.core.job.ClusterStatus> lastClusterStatus() {
        return java.util.Optional.ofNullable(lastClusterStatus);
    }

    /** One line on the cluster: ranks up, busy, jobs done and failed, throughput, restarts. */
    public String clusterSummary() {
        return clusterSummary;
    }

    /**
     * Reads, every few seconds in a background Job, what the cluster last published in the bucket
     * (the workbench talks to S3 and SQS only, never to the cluster's nodes).
     */
    public void watchCluster() {
        if (clusterWatcher != null) {
            return;
        }
        Job watcher = Job.create("Watching the Tessera cluster", monitor -> {
            while (!monitor.isCanceled() && !closed) {
                String summary;
                try {
                    java.util.Optional<io.tessera.core.job.ClusterStatus> status = connection().clusterStatus();
                    status.ifPresent(s -> lastClusterStatus = s);
                    summary = status.map(s -> s.summary(java.time.Instant.now()))
                            .orElse("cluster: none has reported for the queue yet");
                } catch (IOException | RuntimeException e) {
                    summary = "cluster status unavailable: " + e.getMessage();
                }
                String queues = readQueueCounts();
                if (!summary.equals(clusterSummary) || !queues.equals(queueSummary)) {
                    clusterSummary = summary;
                    queueSummary = queues;
                    changed();
                }
                try {
                    Thread.sleep(CLUSTER_WATCH_MILLIS);
                } catch (InterruptedException e) {
                    break;
                }
            }
            return Status.OK_STATUS;
        });
        watcher.setSystem(true);
        watcher.schedule();
        clusterWatcher = watcher;
    }

    /** The connection in use: the one saved in the workbench, else the one it was started with. */
    public CloudConfig currentConfig() throws IOException {
        java.util.Optional<CloudConfig> saved = settings.load();
        return saved.isPresent() ? saved.get() : CloudConfig.read(configFile());
    }

    /** Where the connection in use comes from, for the user to see. */
    public String configurationName() {
        try {
            return Files.isRegularFile(settings.file())
                    ? settings.file() + " (saved in this workspace; the secret key in secure storage)"
                    : configFile() + " (as the workbench was started)";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** What of {@code config} works, each finding in words a user can act on; slow: call it in a Job. */
    public List<io.tessera.cloud.ConnectionCheck.Finding> checkConnection(CloudConfig config) {
        try (CloudClients probe = new CloudClients(config)) {
            return probe.check();
        }
    }

    /** Creates the bucket and queues {@code config} names where they are missing; slow: call it in a Job. */
    public void createMissing(CloudConfig config) throws IOException {
        try (CloudClients probe = new CloudClients(config)) {
            probe.provision();
        }
    }

    /** Keeps {@code config} for this workspace (its secret key in secure storage) and connects with it. */
    public void saveConnection(CloudConfig config) throws IOException {
        settings.save(config);
        disconnect();
    }

    /** Forgets the saved connection and goes back to the one the workbench was started with. */
    public void forgetConnection() throws IOException {
        settings.forget();
        disconnect();
    }

    /** Drops the clients; the next use connects again with the current configuration. */
    private synchronized void disconnect() {
        Job listener = eventListener;
        if (listener != null) {
            listener.cancel();
            eventListener = null;
        }
        CloudClients old = clients;
        clients = null;
        if (old != null) {
            old.close();
        }
    }

    /** An object from the bucket, e.g. a result's input for a before/after view; slow: call it in a Job. */
    public byte[] readObject(String key) throws IOException {
        return connection().objectStore().get(key);
    }

    /** The jobs the cluster could not run; listing, redriving and discarding are slow: call them in a Job. */
    public DeadLetters deadLetters() throws IOException {
        CloudClients c = connection();
        return new DeadLetters(c.deadLetters(), c.jobs());
    }

    /** Stops listening; jobs keep running on the cluster and their events wait in the queue. */
    public void close() {
        closed = true;
        for (Job job : new Job[] {eventListener, clusterWatcher}) {
            if (job != null) {
                job.cancel();
            }
        }
        CloudClients c = clients;
        if (c != null) {
            c.close();
        }
    }

    private BatchClient client() throws IOException {
        CloudClients c = connection();
        return new BatchClient(c.objectStore(), c.jobs(), c.queue(eventsQueue), eventsQueue, catalog);
    }

    /** The clients of the current configuration, connecting (and listening for events) on first use. */
    private synchronized CloudClients connection() throws IOException {
        if (clients == null) {
            CloudClients connected = new CloudClients(currentConfig());
            eventsQueue = "tessera-events-wb-" + clientId();
            connected.createQueue(eventsQueue);
            clients = connected;
            startEventListener();
        }
        return clients;
    }

    /**
     * The configuration file: {@code -Dtessera.config=…}, else the local servers' one under the
     * Tessera home (where {@code ./tessera start} puts it).
     */
    static Path configFile() throws IOException {
        String explicit = System.getProperty("tessera.config");
        Path file = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : Path.of(System.getenv().getOrDefault("TESSERA_HOME", System.getProperty("user.home") + "/.tessera"),
                        "local", "cloud.properties");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no Tessera configuration at " + file + "; start the workbench with ./tessera start");
        }
        return file;
    }

    /**
     * This workspace's events queue survives restarts, so that events of jobs that finished while
     * the workbench was closed are still delivered.
     */
    private String clientId() throws IOException {
        Path idFile = workspaceDir.resolve(".metadata").resolve("tessera-client-id");
        if (Files.exists(idFile)) {
            return Files.readString(idFile).strip();
        }
        String id = UUID.randomUUID().toString().substring(0, 12);
        Files.createDirectories(idFile.getParent());
        Files.writeString(idFile, id);
        return id;
    }

    private void startEventListener() {
        Job listener = Job.create("Listening for Tessera job events", this::listen);
        listener.setSystem(true);
        listener.schedule();
        eventListener = listener;
    }

    private IStatus listen(IProgressMonitor monitor) {
        // Listens with the clients it started with; after a reconnect a new listener takes over.
        CloudClients connection = clients;
        while (!monitor.isCanceled() && !closed && connection == clients) {
            try {
                JobQueue events = connection.queue(eventsQueue);
                List<JobQueue.Message> received = events.receive(JobQueue.MAX_BATCH, Duration.ofSeconds(5));
                for (JobQueue.Message message : received) {
                    handle(message.body(), connection, monitor);
                }
                events.deleteAll(received);
            } catch (IOException e) {
                if (closed) {
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

    private void handle(String body, CloudClients connection, IProgressMonitor monitor) {
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
                byte[] content = connection.objectStore().get(event.outputKey());
                byte[] provenance = connection.objectStore().get(event.outputKey() + Provenance.SUFFIX);
                // The record first: whoever sees the result can already see what made it.
                results.store(project, "results", name + Provenance.SUFFIX, provenance, monitor);
                row.setLocalResult(results.store(project, "results", name, content, monitor).getFullPath()
                        .toString());
            } catch (IOException | CoreException e) {
                row.apply(new JobEvent(JobCodec.VERSION, event.jobId(), event.batch(), event.inputKey(), JobState.FAILED,
                        event.rank(), event.outputKey(), "the result could not be fetched: " + e.getMessage(), 0, null, null,
                        event.host()));
            }
        }
        changed();
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
