package io.tessera.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which jobs have hung a rank, counted where the count survives the restart that each hang causes:
 * a file in the supervisor's state directory, one line per hang. SQS's receive count cannot stand
 * in for it: a drain, an unreachable S3 or a crashed rank also deliver a job again, and a job
 * received three times for those reasons is not poisonous.
 */
final class HangLog {
    /** Enough history for any job still in a queue; the file stays small. */
    private static final int KEPT_LINES = 1000;

    private final Path file;

    HangLog(Path file) {
        this.file = file;
    }

    /** Records that {@code jobId} hung a rank once more; returns how often it has, this time included. */
    int record(String jobId) throws IOException {
        List<String> lines = new ArrayList<>(read());
        lines.add(jobId);
        if (lines.size() > KEPT_LINES) {
            lines = new ArrayList<>(lines.subList(lines.size() - KEPT_LINES, lines.size()));
        }
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.write(partial, lines);
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return (int) lines.stream().filter(jobId::equals).count();
    }

    private List<String> read() throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
