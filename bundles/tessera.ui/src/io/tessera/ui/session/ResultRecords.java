package io.tessera.ui.session;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.job.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The provenance record that Tessera writes beside each result it fetches ({@code name.png.provenance.json}). */
public final class ResultRecords {
    private ResultRecords() {
    }

    /**
     * The record of a result (or the record itself, if that is what was given); empty when there
     * is none, that is, when Tessera did not make the file.
     *
     * @throws IOException when the record is there but unreadable, naming it
     */
    public static Optional<Provenance> of(Path result) throws IOException {
        Path record = result.getFileName().toString().endsWith(Provenance.SUFFIX) ? result
                : result.resolveSibling(result.getFileName() + Provenance.SUFFIX);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JobCodec.decodeProvenance(Files.readString(record)));
        } catch (ProtocolException e) {
            throw new IOException(record.getFileName() + " is not a provenance record Tessera can read: " + e.getMessage(), e);
        }
    }
}
