package io.tessera.core.batch;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.Measurements;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.port.ObjectStore;
import io.tessera.core.port.Retry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The measurements a batch's jobs stored beside their results ({@link Measurements}), read back. */
public final class StoredMeasurements {
    private StoredMeasurements() {
    }

    /**
     * One listing of the batch's results, then a request for each job that has measurements, in the
     * order of {@code resultKeyStems}; {@code null} stems list them all, in the natural order of
     * their names.
     *
     * @param patience how long S3 may be unavailable before this gives up
     */
    public static List<Measurements> read(ObjectStore store, String batch, List<String> resultKeyStems,
            Duration patience) throws IOException {
        List<String> keys = Retry.whileUnavailable(patience, () -> store.keysUnder("results/" + batch + "/"));
        Set<String> stored = new HashSet<>(keys);
        List<String> wanted = resultKeyStems != null
                ? resultKeyStems.stream().map(stem -> stem + Measurements.SUFFIX).filter(stored::contains).toList()
                : keys.stream().filter(key -> key.endsWith(Measurements.SUFFIX)).sorted(NaturalOrder.INSTANCE).toList();
        List<Measurements> found = new ArrayList<>();
        for (String key : wanted) {
            try {
                found.add(JobCodec.decodeMeasurements(new String(Retry.whileUnavailable(patience,
                        () -> store.get(key)), StandardCharsets.UTF_8)));
            } catch (ProtocolException e) {
                throw new IOException(key + ": " + e.getMessage(), e);
            }
        }
        return found;
    }
}
