package io.tessera.core.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.core.op.PipelineStep;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A provenance record as it travels on its result: in metadata, which S3 limits and sends as ASCII headers. */
class ProvenanceTest {

    private static byte[] record(String input, List<PipelineStep> pipeline) {
        return JobCodec.encode(new Provenance(JobCodec.VERSION, "0.1.0", "1.54p", "inputs/b/" + input, "ab12",
                "results/b/" + input, pipeline, 1, "2026-12-03T08:00:00Z")).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordTravelsInMetadataAsAsciiAndComesBackTheSame() {
        byte[] record = record("Ölgemälde_東京.png", List.of(PipelineStep.parse("gaussian-blur:sigma=2")));
        Map<String, String> metadata = Provenance.asMetadata(record).orElseThrow();
        String value = metadata.get(Provenance.METADATA);
        assertTrue(value.chars().allMatch(c -> c > 32 && c < 127), "an HTTP header's characters: " + value);
        assertArrayEquals(record, Provenance.fromMetadata(metadata).orElseThrow());
        assertTrue(Provenance.fromMetadata(Map.of("other", "x")).isEmpty(), "a result without a record in it");
    }

    @Test
    void aRecordTooLargeForS3sTwoKilobytesIsNotPutInMetadata() {
        byte[] small = record("a.png", Collections.nCopies(30, PipelineStep.parse("invert")));
        byte[] large = record("a.png", Collections.nCopies(80, PipelineStep.parse("invert")));
        assertTrue(Provenance.asMetadata(small).isPresent(), small.length + " bytes fit");
        assertTrue(Provenance.asMetadata(large).isEmpty(), large.length + " bytes do not");
        Map<String, String> metadata = Provenance.asMetadata(small).orElseThrow();
        int bytes = metadata.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        assertTrue(bytes <= 2048, bytes + " bytes of metadata");
    }

    @Test
    void metadataThatIsNotARecordsEncodingIsAProtocolError() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Provenance.fromMetadata(Map.of(Provenance.METADATA, "not base64!")));
        assertTrue(e.getMessage().contains("tessera-provenance"), e.getMessage());
    }
}
