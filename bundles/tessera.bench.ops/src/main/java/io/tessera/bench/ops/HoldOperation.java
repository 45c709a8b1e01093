package io.tessera.bench.ops;

import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;

/**
 * Holds its rank for a fixed time without using a core, and returns the image unchanged. With it,
 * two cores stand in for dozens of nodes: how well the cluster keeps W workers busy (ideal / real
 * makespan) shows without the filters competing for the cores.
 */
public final class HoldOperation implements Operation {
    private static final Parameter MILLIS = Parameter.integer("ms", "Hold for", 3000, 0, 600_000, "ms");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("hold", "Hold the rank",
            "Sleeps for a while and returns the image unchanged (benchmarks only).", "Benchmark", MILLIS);

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public int halo(ParameterValues values) {
        return 0;
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        try {
            Thread.sleep(values.integer(MILLIS.name()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return input;
    }
}
