package io.tessera.core.job;

import io.tessera.core.op.MeasurementTable;
import java.util.List;

/**
 * The tables a job's measuring steps made, stored beside its result as
 * {@code results/<batch>/<stem>.measurements.json} (before the provenance record, which vouches
 * for both), so that a client can join a batch's into one table.
 *
 * @param version  protocol version, {@link JobCodec#VERSION}
 * @param inputKey the input measured
 * @param image    the input's file name, the first column of a joined table
 * @param tables   one per measuring step, in pipeline order
 */
public record Measurements(int version, String inputKey, String image, List<MeasurementTable> tables) {
    public static final String SUFFIX = ".measurements.json";

    public Measurements {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** Where a job's measurements are stored: beside its result, whatever the result's extension. */
    public static String keyFor(JobSpec job) {
        return job.resultKeyStem() + SUFFIX;
    }

    /** Where the measurements of the result at {@code outputKey} are stored, if it has any. */
    public static String keyForResult(String outputKey) {
        int dot = outputKey.lastIndexOf('.');
        return (dot > outputKey.lastIndexOf('/') ? outputKey.substring(0, dot) : outputKey) + SUFFIX;
    }
}
