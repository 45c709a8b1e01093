package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;

/**
 * ImageJ's Process › Binary morphology on a mask with black background (foreground 255): each
 * iteration erodes or dilates by one pixel, where "count" neighbours must agree.
 */
abstract class BinaryOperation implements Operation {
    static final Parameter ITERATIONS = Parameter.integer("iterations", "Iterations", 1, 1, 100, "");
    static final Parameter COUNT = Parameter.integer("count", "Count", 1, 1, 8, "neighbours");
    private static final int BACKGROUND = 0;

    private final OperationInfo info;
    private final int reachPerIteration;

    BinaryOperation(String id, String label, String description, int reachPerIteration) {
        this.info = OperationInfo.ofAllTypes(id, label, description, "Binary", ITERATIONS, COUNT)
                .accepting(PixelType.GRAY8);
        this.reachPerIteration = reachPerIteration;
    }

    @Override
    public OperationInfo info() {
        return info;
    }

    @Override
    public int halo(ParameterValues values) {
        return reachPerIteration * values.integer(ITERATIONS.name());
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        ByteProcessor mask = (ByteProcessor) input;
        if (!mask.isBinary()) {
            throw new InvalidPipelineException(info.id() + " needs a binary image (only 0 and 255);"
                    + " make one with auto-threshold first");
        }
        morph(mask, values.integer(ITERATIONS.name()), values.integer(COUNT.name()));
        return mask;
    }

    abstract void morph(ByteProcessor mask, int iterations, int count);

    static void erode(ByteProcessor mask, int iterations, int count) {
        for (int i = 0; i < iterations; i++) {
            mask.erode(count, BACKGROUND);
        }
    }

    static void dilate(ByteProcessor mask, int iterations, int count) {
        for (int i = 0; i < iterations; i++) {
            mask.dilate(count, BACKGROUND);
        }
    }
}
