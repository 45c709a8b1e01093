package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.core.batch.DeadLetters;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.JobQueue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When rank 0 tells a slot that a job may have run before, and how it tells it. */
class EarlierDeliveriesTest {
    private static JobSpec job(String id) {
        return new JobSpec(JobCodec.VERSION, id, "b", "inputs/b/" + id + ".png", "results/b/" + id, "events",
                List.of(PipelineStep.parse("invert")));
    }

    private static JobQueue.Message message(JobSpec job, int receiveCount, Map<String, String> attributes) {
        return new JobQueue.Message(JobCodec.encode(job), "receipt", receiveCount, attributes);
    }

    @Test
    void aFirstDeliveryOfANewJobHasNotRun() {
        EarlierDeliveries deliveries = new EarlierDeliveries(10);
        assertFalse(deliveries.mayHaveRunBefore(job("a"), message(job("a"), 1, Map.of())));
        assertFalse(deliveries.mayHaveRunBefore(job("b"), message(job("b"), 1, Map.of())));
    }

    @Test
    void aMessageSqsDeliveredBeforeMayHaveRun() {
        EarlierDeliveries deliveries = new EarlierDeliveries(10);
        assertTrue(deliveries.mayHaveRunBefore(job("a"), message(job("a"), 2, Map.of())));
    }

    @Test
    void aJobSentBackFromTheDeadLettersMayHaveRun() {
        EarlierDeliveries deliveries = new EarlierDeliveries(10);
        assertTrue(deliveries.mayHaveRunBefore(job("a"), message(job("a"), 1, Map.of(DeadLetters.REDRIVEN, "3"))));
    }

    @Test
    void anotherMessageOfAJobHandedOverBeforeMayHaveRun() {
        EarlierDeliveries deliveries = new EarlierDeliveries(10);
        deliveries.mayHaveRunBefore(job("a"), message(job("a"), 1, Map.of()));
        assertTrue(deliveries.mayHaveRunBefore(job("a"), message(job("a"), 1, Map.of())));
    }

    @Test
    void onlyTheLatestJobsAreRemembered() {
        EarlierDeliveries deliveries = new EarlierDeliveries(3);
        for (String id : List.of("a", "b", "c", "d")) {
            deliveries.mayHaveRunBefore(job(id), message(job(id), 1, Map.of()));
        }
        assertTrue(deliveries.mayHaveRunBefore(job("d"), message(job("d"), 1, Map.of())));
        assertFalse(deliveries.mayHaveRunBefore(job("a"), message(job("a"), 1, Map.of())), "forgotten");
    }

    @Test
    void aHandedJobCarriesTheFlagAndTheBodyAsSent() {
        String body = JobCodec.encode(job("é-1"));
        for (boolean again : new boolean[] {false, true}) {
            for (boolean inMetadata : new boolean[] {false, true}) {
                HandedJob handed = HandedJob.decode(HandedJob.encode(body, again, inMetadata));
                assertEquals(again, handed.mayHaveRunBefore());
                assertEquals(inMetadata, handed.provenanceInMetadata());
                assertEquals(job("é-1"), handed.spec());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> HandedJob.decode(body.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), "a bare body is not a handed job");
    }
}
