package io.tessera.core.batch;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
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
import java.util.function.BiConsumer;
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
    private static final Duration FETCH_PATIENCE = Duration.ofMinutes(2);

    private final JobQueue jobs;
    private final JobQueue events;
    private final String eventsQueueName;
    private final OperationCatalog catalog;

    public BatchClient(ObjectStore store, JobQueue jobs, JobQueue events, String eventsQueueName,
            OperationCatalog catalog) {
        this.store = store;
        this.jobs = jobs;
        this.events = events;
        this.eventsQueueName = eventsQueueName;
        this.catalog = catalog;
    }

    /** A fresh batch name that sorts by time and does not collide between clients. */
    public static String newBatchName() {
        return "batch-" + BATCH_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
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
        catalog.validate(pipeline);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException("not a file: " + file);
            }
        }
        List<JobSpec> submitted = new ArrayList<>();
        Set<String> stemsInBatch = new HashSet<>();
        for (Path file : files) {
            String name = SafeNames.segment(file.getFileName().toString());
            String stem = uniqueStem(SafeNames.stemOf(name), stemsInBatch);
            String inputKey = "inputs/" + batch + "/" + stem + SafeNames.extensionOf(name);
            byte[] content = Files.readAllBytes(file);
            Retry.whileUnavailable(FETCH_PATIENCE, () -> {
                store.put(inputKey, content, "application/octet-stream");
                return null;
            });
            JobSpec job = new JobSpec(JobCodec.VERSION, batch + "-" + submitted.size(), batch, inputKey,
                    "results/" + batch + "/" + stem, eventsQueueName, pipeline);
            beforeSend.accept(file, job);
            Retry.whileUnavailable(FETCH_PATIENCE, () -> {
                jobs.send(JobCodec.encode(job), batch, job.jobId());
                return null;
            });
            submitted.add(job);
        }
        return submitted;
    }

    /**
     * Delivers the events of the given jobs to {@code listener} until each has a final state.
     * Events of other jobs found on this client's queue (left over from an earlier run) are
     * dropped; a message that is not a valid event is reported and dropped rather than retried.
     */
    public void follow(List<JobSpec> submitted, Duration timeout, Consumer<JobEvent> listener)
            throws IOException, TimeoutException {
        Set<String> open = new HashSet<>();
        submitted.forEach(job -> open.add(job.jobId()));
        Instant deadline = Instant.now().plus(timeout);
        while (!open.isEmpty()) {
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
            for (JobQueue.Message message : received) {
                try {
                    JobEvent event = JobCodec.decodeEvent(message.body());
                    if (open.contains(event.jobId())) {
                        listener.accept(event);
                        if (event.state().isFinal()) {
                            open.remove(event.jobId());
                        }
                    }
                } catch (ProtocolException e) {
                    System.err.println("tessera: ignoring a malformed event: " + e.getMessage());
                }
                try {
                    events.delete(message);
                } catch (UnavailableException e) {
                    // It comes again later; a second final event of a job is ignored.
                }
            }
        }
    }

    /** Writes a finished job's result into {@code dir}, named after the input's stem. */
    public Path fetch(JobEvent done, Path dir) throws IOException {
        String key = done.outputKey();
        Path target = dir.resolve(SafeNames.lastSegmentOf(key));
        Files.createDirectories(dir);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.write(partial, Retry.whileUnavailable(FETCH_PATIENCE, () -> store.get(key)));
        return Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes a finished job's provenance record beside its result in {@code dir}. */
    public Path fetchProvenance(JobEvent done, Path dir) throws IOException {
        String key = done.outputKey() + Provenance.SUFFIX;
        Path target = dir.resolve(SafeNames.lastSegmentOf(key));
        Files.createDirectories(dir);
        return Files.write(target, Retry.whileUnavailable(FETCH_PATIENCE, () -> store.get(key)));
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
