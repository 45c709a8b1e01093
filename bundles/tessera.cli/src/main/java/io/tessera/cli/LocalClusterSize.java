package io.tessera.cli;

import java.lang.management.ManagementFactory;

/**
 * How many ranks the local cluster gets when nobody says (`up`, `start`, `process`, `fetch`
 * without {@code --ranks}): rank 0, which coordinates, and a worker per core but one, which S3,
 * SQS, the client and the workbench share; at least one worker, and no more than the memory holds
 * at a rank's heap each. A 2-core machine gets one worker, an 8-core one with 16 GB five.
 */
final class LocalClusterSize {
    /** A worker's heap at the default pixel limit (2419m, see tessera-cluster --heap) and the JVM around it. */
    static final long MEMORY_PER_WORKER = 2560L * 1024 * 1024;
    /** Left to the servers, the client and the workbench (about 1 GB at the peak of a batch, README). */
    static final long MEMORY_FOR_THE_REST = 2048L * 1024 * 1024;

    private LocalClusterSize() {
    }

    /** The ranks for this machine. */
    static int ranks() {
        long memory = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : Long.MAX_VALUE;
        return ranksFor(Runtime.getRuntime().availableProcessors(), memory);
    }

    static int ranksFor(int cores, long memoryBytes) {
        long byMemory = (memoryBytes - MEMORY_FOR_THE_REST) / MEMORY_PER_WORKER;
        long workers = Math.max(1, Math.min(cores - 1, byMemory));
        return (int) workers + 1;
    }
}
