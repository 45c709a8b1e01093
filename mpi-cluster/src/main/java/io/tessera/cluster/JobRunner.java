package io.tessera.cluster;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.Measurements;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PixelType;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.ObjectStore;
import io.tessera.ops.imagej.ImageCodec;
import io.tessera.ops.imagej.UnreadableImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a worker rank does with one job: download, decode, filter, encode, upload. Every failure
 * becomes a FAILED event whose reason a person can read; nothing escapes to kill the rank.
 */
final class JobRunner {
    private final ObjectStore store;
    private final OperationCatalog catalog;
    private final ImageCodec codec;
    private final long stripPixels;
    private final LargeImages largeImages;
    private final CodePolicy codePolicy;

    /** How an image above the strip size is filtered: in strips, on this rank and others. */
    interface LargeImages {
        /** The filtered image, and the rank that filtered each strip (this one first; a rank once per slot). */
        record Filtered(ImageProcessor image, List<Integer> ranks) {
        }

        /** Runs {@code job}'s pipeline on {@code image} in strips overlapping by {@code halo} rows. */
        Filtered filter(ImageProcessor image, JobSpec job, int halo);
    }

    /**
     * @param stripPixels images with more pixels than this are filtered by {@code largeImages} when
     *                    their pipeline can be tiled
     */
    JobRunner(ObjectStore store, OperationCatalog catalog, ImageCodec codec, long stripPixels, LargeImages largeImages,
            CodePolicy codePolicy) {
        this.store = store;
        this.catalog = catalog;
        this.codec = codec;
        this.stripPixels = stripPixels;
        this.largeImages = largeImages;
        this.codePolicy = codePolicy;
    }

    /** A job's input bytes: read now, or already on their way. */
    @FunctionalInterface
    interface Input {
        byte[] get() throws IOException;
    }

    /**
     * What is left of a job once its result is computed and encoded: storing it, which gives the
     * job's event. A job that ended before (it failed, or an earlier delivery made its result)
     * has nothing left to store and gives its event at once.
     */
    @FunctionalInterface
    interface Stored {
        JobEvent store();
    }

    /** Runs one job to its end: {@link #compute} and then the storing, on this thread. */
    JobEvent run(HandedJob handed, int rank, Input inputSource, Runnable betweenPhases) {
        return compute(handed, rank, inputSource, betweenPhases, () -> { }).store();
    }

    /**
     * Computes one job on {@code input} up to its encoded result; {@code betweenPhases} runs after
     * each phase, so that the worker can look for its next job and start fetching that one's input
     * meanwhile, and {@code beforeStrips} before an image is filtered in strips with other slots'
     * help. When the job {@link HandedJob#mayHaveRunBefore} (see {@link EarlierDeliveries}), a
     * result an earlier delivery stored from the same input and pipeline is reported instead of
     * being computed again.
     */
    Stored compute(HandedJob handed, int rank, Input inputSource, Runnable betweenPhases, Runnable beforeStrips) {
        JobSpec job = handed.spec();
        long start = System.nanoTime();
        String name = job.inputKey().substring(job.inputKey().lastIndexOf('/') + 1);
        Phases phases = new Phases();
        try {
            // The client validated too, against its own catalogue: an operation it knows and this
            // cluster does not is most often a plugin that only the client has.
            java.util.Optional<String> unknown = job.pipeline().stream().map(PipelineStep::op)
                    .filter(op -> !catalog.knows(op)).findFirst();
            if (unknown.isPresent()) {
                return ended(JobEvent.failed(job, rank, "this cluster has no operation '" + unknown.get() + "': if"
                        + " it comes from a plugin, its jar is not in the cluster's plugins folder, or was put there a"
                        + " moment ago and the ranks have not been launched again with it yet (within seconds; then run"
                        + " the job again)", millisSince(start)));
            }
            // A message may come from anywhere: check the rest again.
            catalog.validate(job.pipeline());
            // Code runs only signed, before anything of the job is read.
            java.util.Optional<String> refused = codePolicy.refusal(job, catalog);
            if (refused.isPresent()) {
                ClusterLog.info(rank, "job-refused", "job", job.jobId(), "batch", job.batch(), "reason", refused.get());
                return ended(JobEvent.failed(job, rank, refused.get(), millisSince(start)));
            }
            byte[] input = phases.time("s3-get", inputSource::get);
            betweenPhases.run();
            ImagePlus image = phases.time("decode", () -> codec.decode(input, name));
            betweenPhases.run();
            ImageProcessor pixels = image.getProcessor();
            PixelType type = PixelType.of(pixels);
            PixelType produced = catalog.validate(job.pipeline(), type);
            // After the decode, so that one request (for the one extension this result can have)
            // answers whether an earlier delivery made it already.
            String reused = handed.mayHaveRunBefore() ? resultMadeBefore(job, input,
                    job.resultKeyStem() + ImageCodec.extensionFor(produced), handed.provenanceInMetadata()) : null;
            if (reused != null) {
                return ended(JobEvent.reused(job, rank, reused, millisSince(start)));
            }
            int halo = catalog.halo(job.pipeline(), type);
            String note = null;
            ImageProcessor result;
            List<MeasurementTable> tables = List.of();
            if ((long) pixels.getWidth() * pixels.getHeight() > stripPixels && halo != Operation.WHOLE_IMAGE) {
                // (a pipeline that measures needs the whole image, so it never comes this way)
                beforeStrips.run();
                LargeImages.Filtered filtered = phases.time("filter", () -> largeImages.filter(pixels, job, halo));
                result = filtered.image();
                List<String> ranks = filtered.ranks().stream().distinct().map(String::valueOf).toList();
                note = "filtered in " + filtered.ranks().size() + " strip" + (filtered.ranks().size() == 1 ? "" : "s")
                        + " on rank" + (ranks.size() == 1 ? " " : "s ") + String.join(", ", ranks);
            } else {
                OperationCatalog.Outcome outcome = phases.time("filter", () -> catalog.run(pixels, job.pipeline()));
                result = outcome.image();
                tables = outcome.tables();
            }
            betweenPhases.run();
            Upload upload = encode(job, handed.provenanceInMetadata(), result, tables, input, name, rank, phases);
            String finalNote = note;
            return () -> {
                try {
                    put(upload, phases);
                    return JobEvent.done(job, rank, upload.outputKey(), millisSince(start)).withPhases(phases.millis)
                            .withNote(finalNote);
                } catch (Exception | OutOfMemoryError e) {
                    return failure(e, job, rank, name, start);
                } finally {
                    discard(upload, rank);
                }
            };
        } catch (Exception | OutOfMemoryError e) { // each becomes a reason: see failure()
            return ended(failure(e, job, rank, name, start));
        }
    }

    private static Stored ended(JobEvent event) {
        return () -> event;
    }

    /** The event of a job that {@code e} ended, with a reason a person can read. */
    private static JobEvent failure(Throwable e, JobSpec job, int rank, String name, long start) {
        long millis = millisSince(start);
        if (e instanceof InvalidPipelineException || e instanceof UnreadableImageException
                || e instanceof StripsAcrossRanks.StripFailedException) {
            return JobEvent.failed(job, rank, e.getMessage(), millis);
        } else if (e instanceof io.tessera.core.port.UnavailableException) {
            // Not the job's fault: it goes back to the queue and runs again when S3 answers.
            return JobEvent.retrying(job, rank, e.getMessage(), millis);
        } else if (e instanceof NoSuchFileException gone) {
            return JobEvent.failed(job, rank, name + " is no longer in the bucket (" + gone.getFile() + ")", millis);
        } else if (e instanceof IOException) {
            return JobEvent.failed(job, rank, e.getMessage(), millis);
        }
        return JobEvent.failed(job, rank, "internal error while processing " + name + ": " + e, millis);
    }

    /**
     * A result encoded, with what goes up beside it: its measurements, if it has any, and its
     * provenance, which vouches for both and so is stored last: in the result's own metadata when
     * the job asks for it and it fits (result and record then arrive in one request, after the
     * measurements), else as an object after the result. A result larger than the strip size is
     * encoded to a temporary file and uploaded from there (in parts), so that the rank never holds
     * it encoded in memory beside its pixels.
     */
    private record Upload(JobSpec job, String outputKey, byte[] bytes, java.nio.file.Path file, String contentType,
            List<MeasurementTable> tables, byte[] record, Optional<Map<String, String>> onResult, String name) {
    }

    private void put(Upload upload, Phases phases) throws IOException, UnreadableImageException {
        JobSpec job = upload.job();
        phases.time("s3-put", () -> {
            if (!upload.tables().isEmpty()) {
                store.put(Measurements.keyFor(job), JobCodec.encode(new Measurements(JobCodec.VERSION,
                        job.inputKey(), upload.name(), upload.tables())).getBytes(StandardCharsets.UTF_8),
                        "application/json");
            }
            Map<String, String> metadata = upload.onResult().orElse(Map.of());
            if (upload.file() != null) {
                store.put(upload.outputKey(), upload.file(), upload.contentType(), metadata);
            } else {
                store.put(upload.outputKey(), upload.bytes(), upload.contentType(), metadata);
            }
            if (upload.onResult().isEmpty()) {
                store.put(upload.outputKey() + Provenance.SUFFIX, upload.record(), "application/json");
            }
            return null;
        });
    }

    /** Deletes the temporary file of a large result, stored or not. */
    private static void discard(Upload upload, int rank) {
        if (upload.file() != null) {
            try {
                java.nio.file.Files.deleteIfExists(upload.file());
            } catch (IOException e) {
                ClusterLog.info(rank, "temporary-file-left", "file", upload.file(), "error", e.getMessage());
            }
        }
    }

    /** Encodes the result (on the job's thread: it takes a core) and makes its provenance record. */
    private Upload encode(JobSpec job, boolean provenanceInMetadata, ImageProcessor result,
            List<MeasurementTable> tables, byte[] input, String name, int rank, Phases phases)
            throws IOException, UnreadableImageException {
        boolean large = (long) result.getWidth() * result.getHeight() > stripPixels;
        java.nio.file.Path file = large ? java.nio.file.Files.createTempFile("tessera-result-", ".part") : null;
        try {
            ImageCodec.Encoded encoded = large ? null : phases.time("encode", () -> codec.encode(result));
            String extension = large ? phases.time("encode", () -> codec.encodeTo(result, file)) : encoded.extension();
            String outputKey = job.resultKeyStem() + extension;
            byte[] record = provenance(job, input, outputKey, rank);
            Optional<Map<String, String>> onResult = provenanceInMetadata ? Provenance.asMetadata(record)
                    : Optional.empty();
            return large ? new Upload(job, outputKey, null, file, ImageCodec.contentTypeOf(extension), tables, record,
                    onResult, name) : new Upload(job, outputKey, encoded.bytes(), null, encoded.contentType(), tables,
                    record, onResult, name);
        } catch (IOException | UnreadableImageException | RuntimeException | Error e) {
            // Handed over only with the upload: whatever ends the encoding (an enormous image's
            // OutOfMemoryError too) must not leave the file behind.
            if (file != null) {
                java.nio.file.Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    /**
     * {@code key} if a previous delivery already made this job's result there from the same input
     * and pipeline (SQS delivers at least once: a rank may die after the upload, before the
     * delete), else null. The record vouches for the result: one in the result's metadata came
     * with it; one in an object beside it was stored after it. A job whose record goes in the
     * result's metadata looks there first (one request), then beside it (an earlier delivery may
     * have come without the client's attribute, from the dead letters, or its record been too
     * large); a job whose record goes beside it looks only there.
     */
    private String resultMadeBefore(JobSpec job, byte[] input, String key, boolean provenanceInMetadata)
            throws IOException {
        try {
            byte[] record = null;
            if (provenanceInMetadata) {
                Optional<Map<String, String>> metadata = store.metadata(key);
                if (metadata.isEmpty()) {
                    return null;
                }
                record = Provenance.fromMetadata(metadata.get()).orElse(null);
            }
            if (record == null) {
                if (!store.exists(key + Provenance.SUFFIX)) {
                    return null;
                }
                record = store.get(key + Provenance.SUFFIX);
            }
            Provenance earlier = JobCodec.decodeProvenance(new String(record, StandardCharsets.UTF_8));
            return earlier.inputSha256().equals(Provenance.sha256(input))
                    && earlier.pipeline().equals(explicit(job)) ? key : null;
        } catch (io.tessera.core.job.ProtocolException e) {
            return null; // a record nobody can read vouches for nothing: the job runs again and replaces both
        }
    }

    private List<PipelineStep> explicit(JobSpec job) {
        return job.pipeline().stream()
                .map(step -> new PipelineStep(step.op(), new TreeMap<>(catalog.bind(step).asMap()))).toList();
    }

    /** What made the result, with every parameter explicit, so that it can be made again exactly. */
    private byte[] provenance(JobSpec job, byte[] input, String outputKey, int rank) {
        Provenance provenance = new Provenance(JobCodec.VERSION, Provenance.tesseraVersion(), IJ.getVersion(),
                job.inputKey(), Provenance.sha256(input), outputKey, explicit(job), rank, Instant.now().toString());
        return JobCodec.encode(provenance).getBytes(StandardCharsets.UTF_8);
    }

    /** Milliseconds spent per phase of one job. */
    private static final class Phases {
        final java.util.Map<String, Long> millis = new java.util.LinkedHashMap<>();

        <T> T time(String phase, Step<T> step) throws IOException, UnreadableImageException {
            long start = System.nanoTime();
            try {
                return step.run();
            } finally {
                millis.merge(phase, millisSince(start), Long::sum);
            }
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException, UnreadableImageException;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
