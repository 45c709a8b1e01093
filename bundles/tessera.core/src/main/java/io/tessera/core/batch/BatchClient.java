package io.tessera.core.batch;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSignature;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.Measurements;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.JobQueue;
import io.tessera.core.port.ObjectStore;
import io.tessera.core.port.Retry;
import io.tessera.core.port.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The client's half of the protocol, shared by the CLI and the workbench: upload inputs, send one
 * job per image, follow the events, fetch the results.
 */
public final class BatchClient {
    private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    /** How long an upload, a send or a fetch waits for its server to come back before it gives up. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** Uploads at once: enough to hide S3's latency, few enough not to starve the machine. */
    public static final int UPLOAD_THREADS = 4;

    private final JobQueue jobs;
    private final JobQueue events;
    private final String eventsQueueName;
    private final OperationCatalog catalog;
    /** Signs the jobs that carry code; null: such jobs are not sent. */
    private final byte[] macroKey;

    public BatchClient(ObjectStore store, JobQueue jobs, JobQueue events, String eventsQueueName,
            OperationCatalog catalog) {
        this(store, jobs, events, eventsQueueName, catalog, null);
    }

    private BatchClient(ObjectStore store, JobQueue jobs, JobQueue events, String eventsQueueName,
            OperationCatalog catalog, byte[] macroKey) {
        this.store = store;
        this.jobs = jobs;
        this.events = events;
        this.eventsQueueName = eventsQueueName;
        this.catalog = catalog;
        this.macroKey = macroKey;
    }

    /**
     * This client, signing the jobs whose pipeline carries code (an ImageJ macro) with {@code key}
     * ({@link JobSignature}); without a key such a batch is refused before anything is uploaded.
     */
    public BatchClient signingWith(java.util.Optional<byte[]> key) {
        return new BatchClient(store, jobs, events, eventsQueueName, catalog, key.map(byte[]::clone).orElse(null));
    }

    /** Checks that a pipeline carrying code can be signed, before anything is uploaded or sent. */
    private void requireKeyFor(List<PipelineStep> pipeline) throws IOException {
        if (macroKey == null && catalog.carriesCode(pipeline)) {
            throw new IOException("this pipeline runs an ImageJ macro, and a job that carries code is sent only "
                    + "signed, with the macro key that this client and the cluster share; the configuration has none "
                    + "(macro.key). The local services' configuration has one; for another cluster, put the cluster's "
                    + "key in macro.key of a configuration only you can read");
        }
    }

    /** The job as it is sent: signed if it carries code. */
    private JobSpec sealed(JobSpec job) {
        return catalog.carriesCode(job.pipeline()) ? JobSignature.sign(job, macroKey) : job;
    }

    /** A fresh batch name that sorts by time and does not collide between clients. */
    public static String newBatchName() {
        return newBatchName("batch");
    }

    /**
     * As {@link #newBatchName()}, beginning with a name a person gave (made safe, at most 40
     * characters) so that the batch is easy to find among the projects.
     */
    public static String newBatchName(String label) {
        String safe = label == null || label.isBlank() ? "batch" : SafeNames.segment(label.strip());
        if (safe.length() > 40) {
            safe = safe.substring(0, 40);
        }
        return safe + "-" + BATCH_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * Validates the pipeline before anything leaves this machine, then uploads each file and sends
     * its job. Jobs are returned in the order of {@code files}.
     */
    public List<JobSpec> submit(String batch, List<Path> files, List<PipelineStep> pipeline) throws IOException {
        return submit(batch, files, pipeline, (file, job) -> {
        });
    }

    /**
     * As {@link #submit(String, List, List)}, telling {@code beforeSend} of each job after its
     * input is uploaded and before its message is sent, so that a caller can record the job before
     * any event about it can arrive.
     */
    public List<JobSpec> submit(String batch, List<Path> files, List<PipelineStep> pipeline,
            BiConsumer<Path, JobSpec> beforeSend) throws IOException {
        return submit(batch, files, pipeline, beforeSend, progress -> {
        }, () -> false);
    }

    /** How an upload goes: after each file, what is done of the batch. */
    public record Progress(Path file, boolean alreadyStored, int filesDone, int files, long bytesDone, long bytes) {
    }

    /**
     * Uploads on {@value #UPLOAD_THREADS} threads and sends the jobs whose inputs are stored, as
     * they become ready, {@value JobQueue#MAX_BATCH} to a request. Inputs are stored by content
     * ({@code inputs/<sha256>/<name>}): a file stored before, in this batch or an earlier one, is not
     * sent again. Once {@code cancelled} says so, no further file starts; the jobs already sent stay
     * submitted and are returned, in the order of {@code files}.
     */
    public List<JobSpec> submit(String batch, List<Path> files, List<PipelineStep> pipeline,
            BiConsumer<Path, JobSpec> beforeSend, Consumer<Progress> progress, BooleanSupplier cancelled)
            throws IOException {
        catalog.validate(pipeline);
        pipeline = catalog.canonical(pipeline);
        requireKeyFor(pipeline);
        long bytes = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException("not a file: " + file);
            }
            bytes += Files.size(file);
        }
        // Names are decided up front, in file order, so that they do not depend on upload timing.
        Set<String> stemsInBatch = new HashSet<>();
        List<JobSpec> planned = new ArrayList<>();
        for (Path file : files) {
            String name = SafeNames.segment(file.getFileName().toString());
            String stem = uniqueStem(SafeNames.stemOf(name), stemsInBatch);
            planned.add(new JobSpec(JobCodec.VERSION, batch + "-" + planned.size(), batch, null,
                    "results/" + batch + "/" + stem, eventsQueueName, pipeline));
        }
        Map<String, CompletableFuture<Void>> uploads = new ConcurrentHashMap<>();
        // Every upload task hands back exactly one outcome: its job ready to send, or why not.
        java.util.concurrent.BlockingQueue<Upload> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(UPLOAD_THREADS, files.size())),
                Thread.ofPlatform().name("tessera-upload-", 0).daemon().factory());
        try {
            for (int i = 0; i < files.size(); i++) {
                int index = i;
                pool.execute(() -> outcomes.add(upload(index, files.get(index), planned.get(index), uploads,
                        () -> stop.get() || cancelled.getAsBoolean())));
            }
            JobSpec[] sent = new JobSpec[files.size()];
            int filesDone = 0;
            long bytesDone = 0;
            IOException failure = null;
            for (int outstanding = files.size(); outstanding > 0;) {
                List<Upload> ready = new ArrayList<>();
                ready.add(outcomes.take());
                outcomes.drainTo(ready, JobQueue.MAX_BATCH - 1);
                outstanding -= ready.size();
                List<Upload> toSend = new ArrayList<>();
                for (Upload upload : ready) {
                    if (upload.error() != null && failure == null) {
                        // The first failure is reported; the files after it are not started.
                        failure = upload.error();
                        stop.set(true);
                    } else if (upload.job() != null && failure == null) {
                        toSend.add(upload);
                    }
                }
                if (toSend.isEmpty()) {
                    continue;
                }
                toSend.forEach(u -> beforeSend.accept(u.file(), u.job()));
                Retry.whileUnavailable(PATIENCE, () -> {
                    jobs.sendAll(toSend.stream().map(u -> message(u.job(), u.index())).toList());
                    return null;
                });
                for (Upload u : toSend) {
                    sent[u.index()] = u.job();
                    bytesDone += Files.size(u.file());
                    progress.accept(new Progress(u.file(), u.alreadyStored(), ++filesDone, files.size(), bytesDone,
                            bytes));
                }
            }
            List<JobSpec> submitted = java.util.Arrays.stream(sent).filter(java.util.Objects::nonNull).toList();
            if (failure != null) {
                throw new IOException(failure.getMessage() + " (" + submitted.size() + " of " + files.size()
                        + " jobs were submitted before)", failure);
            }
            return submitted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while uploading");
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /** One file's upload: its job, ready to send; or nothing (not started); or why it failed. */
    private record Upload(int index, Path file, JobSpec job, boolean alreadyStored, IOException error) {
    }

    private Upload upload(int index, Path file, JobSpec plan, Map<String, CompletableFuture<Void>> uploads,
            BooleanSupplier skip) {
        if (skip.getAsBoolean()) {
            return new Upload(index, file, null, false, null);
        }
        try {
            String inputKey = "inputs/" + sha256(file) + "/" + SafeNames.segment(file.getFileName().toString());
            // The first file with this content and name uploads it; copies wait for that.
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> first = uploads.putIfAbsent(inputKey, mine);
            boolean stored;
            if (first != null) {
                first.join();
                stored = true;
            } else {
                try {
                    stored = Retry.whileUnavailable(PATIENCE, () -> store.exists(inputKey));
                    if (!stored) {
                        Retry.whileUnavailable(PATIENCE, () -> {
                            store.put(inputKey, file, "application/octet-stream");
                            return null;
                        });
                    }
                    mine.complete(null);
                } catch (IOException | RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
            return new Upload(index, file, sealed(new JobSpec(plan.version(), plan.jobId(), plan.batch(), inputKey,
                    plan.resultKeyStem(), plan.eventsQueue(), plan.pipeline())), stored, null);
        } catch (IOException e) {
            return new Upload(index, file, null, false, e);
        } catch (java.util.concurrent.CompletionException e) {
            return new Upload(index, file, null, false, e.getCause() instanceof IOException io ? io
                    : new IOException("upload failed: " + e.getCause(), e.getCause()));
        } catch (RuntimeException e) {
            return new Upload(index, file, null, false, new IOException("upload failed: " + e, e));
        }
    }

    /**
     * How many FIFO message groups a batch's jobs are spread over: job {@code i} goes to group
     * {@code i mod GROUPS_PER_BATCH}. SQS hands out nothing more of a group while one of its
     * messages is in flight, so this bounds how many jobs of one batch a cluster can hold at once;
     * rank 0 holds about three per slot (running, queued behind it, waiting for its delete) and
     * ten fetched ahead, so no cluster of fewer than about 80 slots waits on a group. Fewer groups
     * than jobs is for the local SQS server: for every message it hands out, ElasticMQ scans the
     * queue's groups once for each group it finds held, so a group per job cost it 524 ms of CPU
     * per receive of ten with 10,000 jobs queued and 30 in flight, against 11 ms in 256 groups
     * (docs/protocol.md).
     */
    public static final int GROUPS_PER_BATCH = 256;

    /**
     * The message of the job at {@code index} in its batch: in its batch's group
     * {@code index mod GROUPS_PER_BATCH}, deduplicated by its job id (a repeated send within five
     * minutes is delivered once), saying that this client reads the provenance record from the
     * result's metadata (so the worker stores it there, not as a second object).
     */
    public static JobQueue.Outgoing message(JobSpec job, int index) {
        return new JobQueue.Outgoing(JobCodec.encode(job), job.batch() + "-g" + (index % GROUPS_PER_BATCH),
                job.jobId(), Map.of(Provenance.WHERE_ATTRIBUTE, Provenance.IN_METADATA));
    }

    /**
     * Sends jobs for inputs already in the bucket as the new batch {@code batch}: a re-run of
     * earlier results or a retry of failed jobs, so nothing is uploaded. Every input is checked
     * first; if one is gone from the bucket, none is sent and the message names it.
     */
    public List<JobSpec> resubmit(String batch, List<String> inputKeys, List<PipelineStep> pipeline,
            Consumer<JobSpec> beforeSend) throws IOException {
        catalog.validate(pipeline);
        pipeline = catalog.canonical(pipeline);
        requireKeyFor(pipeline);
        for (String key : inputKeys) {
            if (!Retry.whileUnavailable(PATIENCE, () -> store.exists(key))) {
                throw new IOException("the input " + key + " is no longer in the bucket; add the image again");
            }
        }
        Set<String> stemsInBatch = new HashSet<>();
        List<JobSpec> sent = new ArrayList<>();
        for (String key : inputKeys) {
            String stem = uniqueStem(SafeNames.stemOf(SafeNames.lastSegmentOf(key)), stemsInBatch);
            JobSpec job = sealed(new JobSpec(JobCodec.VERSION, batch + "-" + sent.size(), batch, key,
                    "results/" + batch + "/" + stem, eventsQueueName, pipeline));
            beforeSend.accept(job);
            sent.add(job);
        }
        List<JobQueue.Outgoing> messages = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            messages.add(message(sent.get(i), i));
        }
        Retry.whileUnavailable(PATIENCE, () -> {
            jobs.sendAll(messages);
            return null;
        });
        return sent;
    }

    /** The hex SHA-256 of a file, read in blocks. */
    static String sha256(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[1 << 20];
            for (int n; (n = in.read(block)) > 0;) {
                digest.update(block, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Delivers the events of the given jobs to {@code listener} until each has a final state.
     * Events of other jobs on the same queue are left for whoever follows those (a workbench
     * shares one queue across its batches and its restarts): kept aside while this runs, so that
     * they do not come round again and again, and made visible again when it ends. A message that
     * is not a valid event is reported and dropped rather than retried.
     */
    public void follow(List<JobSpec> submitted, Duration timeout, Consumer<JobEvent> listener)
            throws IOException, TimeoutException {
        Set<String> ids = new HashSet<>();
        submitted.forEach(job -> ids.add(job.jobId()));
        follow(ids, ids, timeout, listener);
    }

    /**
     * As {@link #follow(List, Duration, Consumer)}, for the jobs {@code open} of a batch whose jobs are
     * {@code ours}: events of the batch's other jobs (finished while nobody followed) are dropped.
     */
    public void follow(Set<String> open, Set<String> ours, Duration timeout, Consumer<JobEvent> listener)
            throws IOException, TimeoutException {
        open = new HashSet<>(open);
        ours = Set.copyOf(ours);
        List<JobQueue.Message> othersEvents = new ArrayList<>();
        try {
            followUntilDone(open, ours, othersEvents, Instant.now().plus(timeout), timeout, listener);
        } finally {
            for (JobQueue.Message other : othersEvents) {
                try {
                    events.extendVisibility(other, Duration.ZERO);
                } catch (IOException e) {
                    // then it reappears when its visibility timeout runs out
                }
            }
        }
    }

    private void followUntilDone(Set<String> open, Set<String> ours, List<JobQueue.Message> othersEvents,
            Instant deadline, Duration timeout, Consumer<JobEvent> listener) throws IOException, TimeoutException {
        List<JobQueue.Message> toDelete = new ArrayList<>();
        while (!open.isEmpty()) {
            if (Thread.currentThread().isInterrupted()) {
                // Stopped by its user in a JVM that goes on (the command server): the batch runs on.
                throw new java.io.InterruptedIOException("stopped following the batch");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException(open.size() + " job(s) did not finish within " + timeout.toSeconds()
                        + " s: " + String.join(", ", open));
            }
            List<JobQueue.Message> received;
            try {
                received = events.receive(10, Duration.ofSeconds(2));
            } catch (UnavailableException e) {
                // SQS restarting: the events wait in the queue; keep asking until the deadline.
                sleep(Duration.ofSeconds(1));
                continue;
            }
            List<JobQueue.Message> handled = new ArrayList<>();
            for (JobQueue.Message message : received) {
                try {
                    JobEvent event = JobCodec.decodeEvent(message.body());
                    if (!ours.contains(event.jobId())) {
                        othersEvents.add(message);
                        continue;
                    }
                    if (open.contains(event.jobId())) {
                        listener.accept(event);
                        if (event.state().isFinal()) {
                            open.remove(event.jobId());
                        }
                    }
                } catch (ProtocolException e) {
                    System.err.println("tessera: ignoring a malformed event: " + e.getMessage());
                }
                handled.add(message);
            }
            // Handled events are deleted ten to a request, or once none came: an event deleted
            // late only reappears after its visibility timeout, and a repeated event is ignored.
            toDelete.addAll(handled);
            if (toDelete.size() >= JobQueue.MAX_BATCH || received.isEmpty() || open.isEmpty()) {
                try {
                    events.deleteAll(toDelete);
                } catch (IOException e) {
                    // They come again later and are ignored (a second final event of a job is):
                    // an SQS restarted meanwhile no longer knows these receipts, which is no loss.
                }
                toDelete.clear();
            }
        }
    }

    /**
     * Writes a finished job's result into {@code dir}, named after the input's stem, never over a
     * file it must keep (see {@link ResultFiles}).
     */
    public Path fetch(JobEvent done, Path dir) throws IOException {
        return fetch(done, ResultFiles.in(dir)).path();
    }

    /** Writes a finished job's result where {@code files} puts it; says what existing file it kept. */
    public ResultFiles.Placed fetch(JobEvent done, ResultFiles files) throws IOException {
        return fetch(done.outputKey(), files);
    }

    /** Writes the result stored at {@code outputKey} where {@code files} puts it. */
    public ResultFiles.Placed fetch(String outputKey, ResultFiles files) throws IOException {
        return fetch(outputKey, files, false).result();
    }

    /** A result written to disk, and its provenance record beside it when that was asked for (else null). */
    public record Fetched(ResultFiles.Placed result, ResultFiles.Placed provenance) {
    }

    /**
     * Writes the result stored at {@code outputKey} where {@code files} puts it and, when
     * {@code withProvenance}, its provenance record beside it, wherever the result went: one
     * request when the record is in the result's metadata.
     */
    public Fetched fetch(String outputKey, ResultFiles files, boolean withProvenance) throws IOException {
        ObjectStore.Stored stored = Retry.whileUnavailable(PATIENCE, () -> store.read(outputKey));
        ResultFiles.Placed result = files.place(SafeNames.lastSegmentOf(outputKey), stored.content());
        if (!withProvenance) {
            return new Fetched(result, null);
        }
        byte[] record = provenanceRecord(store, outputKey, stored.metadata());
        return new Fetched(result, files.place(result.path().getFileName() + Provenance.SUFFIX, record));
    }

    /**
     * The provenance record (its JSON) of the result at {@code outputKey} that came with
     * {@code metadata}: from that metadata, or from the object beside the result (a result of a
     * cluster from before 2026-12-03, of a job from an older client, or with a record too large
     * for metadata).
     */
    public static byte[] provenanceRecord(ObjectStore store, String outputKey, Map<String, String> metadata)
            throws IOException {
        try {
            java.util.Optional<byte[]> inMetadata = Provenance.fromMetadata(metadata);
            if (inMetadata.isPresent()) {
                return inMetadata.get();
            }
        } catch (ProtocolException e) {
            throw new IOException("cannot read the provenance of " + outputKey + ": " + e.getMessage(), e);
        }
        return Retry.whileUnavailable(PATIENCE, () -> store.get(outputKey + Provenance.SUFFIX));
    }

    /**
     * The measurements stored for a batch's jobs (one listing, then a request for each job that
     * has them), in the order of {@code resultKeyStems}: the jobs' order, not the cluster's.
     */
    public List<Measurements> measurements(String batch, List<String> resultKeyStems) throws IOException {
        Set<String> stored = new HashSet<>(Retry.whileUnavailable(PATIENCE,
                () -> store.keysUnder("results/" + batch + "/")));
        List<Measurements> found = new ArrayList<>();
        for (String stem : resultKeyStems) {
            String key = stem + Measurements.SUFFIX;
            if (stored.contains(key)) {
                try {
                    found.add(JobCodec.decodeMeasurements(new String(Retry.whileUnavailable(PATIENCE,
                            () -> store.get(key)), java.nio.charset.StandardCharsets.UTF_8)));
                } catch (ProtocolException e) {
                    throw new IOException(key + ": " + e.getMessage(), e);
                }
            }
        }
        return found;
    }

    /** Whether a result is stored at {@code key} (a job done while nobody followed its batch). */
    public boolean stored(String key) throws IOException {
        return Retry.whileUnavailable(PATIENCE, () -> store.exists(key));
    }

    private static void sleep(Duration pause) throws IOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while following the batch");
        }
    }

    private static String uniqueStem(String stem, Set<String> taken) {
        String candidate = stem;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = stem + "-" + n;
        }
        return candidate;
    }
}
