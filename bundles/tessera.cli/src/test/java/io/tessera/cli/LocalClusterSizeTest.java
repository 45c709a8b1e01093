package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocalClusterSizeTest {
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void aWorkerPerCoreButOneAtLeastOneAsMemoryAllows() {
        assertEquals(2, LocalClusterSize.ranksFor(2, 24 * GB), "this build machine: one worker, as before");
        assertEquals(2, LocalClusterSize.ranksFor(1, 24 * GB), "one core: still one worker");
        assertEquals(8, LocalClusterSize.ranksFor(8, 64 * GB), "cores bound it: 7 workers");
        assertEquals(6, LocalClusterSize.ranksFor(8, 16 * GB), "memory bounds it: (16 - 2) / 2.5 = 5 workers");
        assertEquals(2, LocalClusterSize.ranksFor(64, 3 * GB), "little memory: one worker all the same");
    }
}
