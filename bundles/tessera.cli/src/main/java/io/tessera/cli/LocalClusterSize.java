package io.tessera.cli;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The local cluster when nobody says (`up`, `start`, `process`, `fetch` without {@code --ranks}):
 * rank 0, which coordinates, and one worker rank running a slot per core, at least one, and no
 * more than the memory holds at a slot's share of the heap each. A job's thread spends part of its
 * time waiting for S3, whose server runs on these same cores, so a slot per core keeps the cores
 * busier than a slot per core but one (as until 2026-12-02, which left a core to the servers, the
 * client and the workbench): on two cores, `bench pipeline` ran its 200 real-sized images 1.28×
 * faster with two slots than with one (1.24× and 1.34× on earlier days with two ranks of one slot,
 * README), and `bench peer`'s 33 small ones no slower. This machine is one node, and a node runs
 * best as one JVM with a slot per core ({@code tessera-cluster --slots}): the code is compiled
 * once, not once per core. A 2-core machine gets two slots, an 8-core one with 16 GB five.
 */
final class LocalClusterSize {
    /**
     * A slot's share of its rank's heap at the default pixel limit (1907m of it, tessera-cluster
     * --heap) and of the JVM around it, rounded up.
     */
    static final long MEMORY_PER_WORKER = 2560L * 1024 * 1024;
    /** Left to the servers, the client and the workbench (about 1 GB at the peak of a batch, README). */
    static final long MEMORY_FOR_THE_REST = 2048L * 1024 * 1024;

    /** Ranks (rank 0 among them) and the slots of each worker rank. */
    record Layout(int ranks, int slots) {
        /** {@code --ranks N} as asked: N ranks of one slot each, as before slots. */
        static Layout ofRanks(int ranks) {
            return new Layout(ranks, 1);
        }

        int workers() {
            return (ranks - 1) * slots;
        }

        /** The options that give tessera-cluster this layout beside its {@code -np}. */
        List<String> clusterOptions() {
            return slots == 1 ? List.of() : List.of("--slots", Integer.toString(slots));
        }

        @Override
        public String toString() {
            return ranks + " ranks" + (slots == 1 ? "" : ", " + slots + " slots on each worker rank");
        }
    }

    private LocalClusterSize() {
    }

    /** The layout for this machine. */
    static Layout forThisMachine() {
        long memory = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : Long.MAX_VALUE;
        return new Layout(2, workersFor(Runtime.getRuntime().availableProcessors(), memory));
    }

    /** {@code --ranks N} if given, else the layout for this machine. */
    static Layout asked(Integer ranks) {
        return ranks != null ? Layout.ofRanks(ranks) : forThisMachine();
    }

    static int workersFor(int cores, long memoryBytes) {
        long byMemory = (memoryBytes - MEMORY_FOR_THE_REST) / MEMORY_PER_WORKER;
        return (int) Math.max(1, Math.min(cores, byMemory));
    }
}
