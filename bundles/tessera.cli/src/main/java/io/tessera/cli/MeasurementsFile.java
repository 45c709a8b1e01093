package io.tessera.cli;

import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.MeasurementsCsv;
import io.tessera.core.batch.ResultFiles;
import io.tessera.core.job.Measurements;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code measurements.csv} in the results folder: every measurement of the batch stored so far,
 * joined in the order of its inputs, written (like a result) without replacing a file of the user's.
 */
final class MeasurementsFile {
    static final String NAME = "measurements.csv";

    private MeasurementsFile() {
    }

    /** Writes the file when the batch has measurements; says where it went, and any file it kept. */
    static void write(BatchClient client, String batch, List<String> resultKeyStems, ResultFiles results,
            PrintStream err) throws IOException {
        List<Measurements> images = client.measurements(batch, resultKeyStems);
        if (images.isEmpty()) {
            return;
        }
        ResultFiles.Placed placed = results.place(NAME, MeasurementsCsv.of(images).getBytes(StandardCharsets.UTF_8));
        for (ResultFiles.Kept kept : placed.kept()) {
            err.println("tessera: kept " + kept.file() + " (" + kept.why() + "); wrote " + placed.path().getFileName()
                    + " beside it");
        }
        err.println("tessera: measurements of " + images.size() + " image(s), " + MeasurementsCsv.rows(images)
                + " row(s): " + placed.path());
    }
}
