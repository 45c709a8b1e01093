package io.tessera.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A batch that {@code process} submitted and stopped following (Ctrl+C), as {@code fetch} needs it:
 * its events queue, its jobs with their inputs and what was known of each, and where the results
 * go. Kept in {@code TESSERA_HOME/batches/BATCH.json} from the moment the batch is submitted (so that
 * a client killed outright leaves it too) until every result is fetched.
 */
record BatchRecord(String batch, String eventsQueue, String out, boolean provenance, boolean overwrite,
        List<Job> jobs) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A job, its input on this machine, where its result is stored, and its last known state. */
    record Job(String jobId, String input, String resultKeyStem, JobState state, String error) {
        Job with(JobState newState, String newError) {
            return new Job(jobId, input, resultKeyStem, newState, newError);
        }
    }

    static BatchRecord submitted(String batch, String eventsQueue, Path out, boolean provenance, boolean overwrite,
            List<JobSpec> jobs, Map<String, Path> inputOf) {
        List<Job> records = new ArrayList<>();
        for (JobSpec job : jobs) {
            records.add(new Job(job.jobId(), inputOf.get(job.jobId()).toString(), job.resultKeyStem(),
                    JobState.SUBMITTED, null));
        }
        return new BatchRecord(batch, eventsQueue, out.toString(), provenance, overwrite, List.copyOf(records));
    }

    BatchRecord withStates(Map<String, Job> latest) {
        return new BatchRecord(batch, eventsQueue, out, provenance, overwrite,
                jobs.stream().map(job -> latest.getOrDefault(job.jobId(), job)).toList());
    }

    List<Job> open() {
        return jobs.stream().filter(job -> !job.state().isFinal()).toList();
    }

    static Path dir(Path home) {
        return home.resolve("batches");
    }

    /** Written whole or not at all: a reader never sees half a record. */
    void write(Path home) throws IOException {
        Path file = dir(home).resolve(batch + ".json");
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        JSON.writeValue(partial.toFile(), this);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void delete(Path home) throws IOException {
        Files.deleteIfExists(dir(home).resolve(batch + ".json"));
    }

    static BatchRecord read(Path home, String batch) throws IOException {
        if (!batch.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("'" + batch + "' is not a batch name (as process printed it: "
                    + "batch-20261130-101500-1a2b3c)");
        }
        Path file = dir(home).resolve(batch + ".json");
        if (!Files.isRegularFile(file)) {
            List<String> known = waiting(home);
            throw new IllegalArgumentException("no batch " + batch + " submitted from here is waiting to be fetched"
                    + (known.isEmpty() ? " (none is)" : "; waiting: " + String.join(", ", known)));
        }
        return JSON.readValue(file.toFile(), BatchRecord.class);
    }

    /** The batches that still have results to fetch, oldest first (names sort by time). */
    static List<String> waiting(Path home) throws IOException {
        if (!Files.isDirectory(dir(home))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir(home))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
    }
}
