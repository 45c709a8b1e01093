package io.tessera.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.port.JobQueue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A batch's jobs go to a bounded number of FIFO groups (the local SQS server's cost grows with the
 * groups queued), as many as a cluster can hold jobs of one batch, each job deduplicated by its id.
 */
class MessageGroupsTest {
    private static JobSpec job(String batch, int index) {
        return new JobSpec(JobCodec.VERSION, batch + "-" + index, batch, "inputs/x/" + index + ".png",
                "results/" + batch + "/" + index, "events", List.of());
    }

    @Test
    void aLargeBatchIsSpreadOverAFixedNumberOfGroups() {
        Set<String> groups = new HashSet<>();
        Set<String> dedupIds = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            JobQueue.Outgoing message = BatchClient.message(job("batch-a", i), i);
            groups.add(message.group());
            dedupIds.add(message.dedupId());
        }
        assertEquals(BatchClient.GROUPS_PER_BATCH, groups.size());
        assertEquals(10_000, dedupIds.size(), "each job is deduplicated on its own");
    }

    @Test
    void consecutiveJobsAreInDifferentGroupsSoThatTheyRunTogether() {
        Set<String> firstGroups = new HashSet<>();
        for (int i = 0; i < BatchClient.GROUPS_PER_BATCH; i++) {
            firstGroups.add(BatchClient.message(job("batch-a", i), i).group());
        }
        assertEquals(BatchClient.GROUPS_PER_BATCH, firstGroups.size());
        assertEquals(BatchClient.message(job("batch-a", 0), 0).group(),
                BatchClient.message(job("batch-a", BatchClient.GROUPS_PER_BATCH), BatchClient.GROUPS_PER_BATCH).group());
    }

    @Test
    void twoBatchesNeverShareAGroup() {
        assertNotEquals(BatchClient.message(job("batch-a", 0), 0).group(),
                BatchClient.message(job("batch-b", 0), 0).group());
    }
}
