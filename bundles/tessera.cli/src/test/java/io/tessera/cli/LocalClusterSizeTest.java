package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalClusterSizeTest {
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void aWorkerPerCoreAtLeastOneAsMemoryAllows() {
        assertEquals(2, LocalClusterSize.workersFor(2, 24 * GB), "this build machine: two workers");
        assertEquals(1, LocalClusterSize.workersFor(1, 24 * GB), "one core: one worker");
        assertEquals(8, LocalClusterSize.workersFor(8, 64 * GB), "cores bound it");
        assertEquals(5, LocalClusterSize.workersFor(8, 16 * GB), "memory bounds it: (16 - 2) / 2.5 = 5 workers");
        assertEquals(1, LocalClusterSize.workersFor(64, 3 * GB), "little memory: one worker all the same");
    }

    @Test
    void theWorkersAreSlotsOfOneRankUnlessRanksAreAsked() {
        LocalClusterSize.Layout mine = LocalClusterSize.asked(null);
        assertEquals(2, mine.ranks(), "rank 0 and one worker rank: this machine is one node");
        assertEquals(LocalClusterSize.forThisMachine().slots(), mine.workers());
        assertEquals(List.of("--slots", "5"), new LocalClusterSize.Layout(2, 5).clusterOptions());
        LocalClusterSize.Layout asked = LocalClusterSize.asked(4);
        assertEquals(4, asked.ranks());
        assertEquals(3, asked.workers(), "--ranks 4: three worker ranks of one slot, as before");
        assertEquals(List.of(), asked.clusterOptions());
    }
}
