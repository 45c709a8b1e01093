package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;

/**
 * ImageJ's Process › Binary morphology with its Options (iterations, count, black background):
 * each iteration erodes or dilates objects by one pixel where "count" neighbours agree.
 */
abstract class BinaryOperation implements Operation {
    static final Parameter ITERATIONS = Parameter.integer("iterations", "Iterations", 1, 1, 100, "");
    static final Parameter COUNT = Parameter.integer("count", "Count", 1, 1, 8, "neighbours");
    static final Parameter BLACK = Parameter.flag("black", "Black background (objects are 255)", true);

    private final OperationInfo info;
    private final int reachPerIteration;
    private final String command;

    /** @param command the Process › Binary command, as the binary Options dialog's "do" names it */
    BinaryOperation(String id, String label, String description, int reachPerIteration, String command) {
        this.info = OperationInfo.ofAllTypes(id, label, description, "Binary", ITERATIONS, COUNT, BLACK)
                .accepting(PixelType.GRAY8);
        this.reachPerIteration = reachPerIteration;
        this.command = command;
    }

    @Override
    public boolean takesMasksOnly() {
        return true;
    }

    @Override
    public OperationInfo info() {
        return info;
    }

    @Override
    public int halo(ParameterValues values) {
        return reachPerIteration * values.integer(ITERATIONS.name());
    }

    /** The binary Options dialog sets iterations, count and background, and runs the command it names. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Options...", ImageJMacro.options(
                ImageJMacro.option("iterations", values.integer(ITERATIONS.name())),
                ImageJMacro.option("count", values.integer(COUNT.name())),
                ImageJMacro.keyword("black", values.flag(BLACK.name())), ImageJMacro.option("do", command))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        ByteProcessor mask = requireMask(input, info.id());
        int background = values.flag(BLACK.name()) ? 0 : 255;
        morph(mask, values.integer(ITERATIONS.name()), values.integer(COUNT.name()), background);
        return mask;
    }

    /** The input as a mask, or the reason it is not one. */
    static ByteProcessor requireMask(ImageProcessor input, String id) {
        if (!(input instanceof ByteProcessor mask) || !mask.isBinary()) {
            throw new InvalidPipelineException(id + " needs a binary image (only 0 and 255);"
                    + " make one with auto-threshold first");
        }
        return mask;
    }

    abstract void morph(ByteProcessor mask, int iterations, int count, int background);

    static void erode(ByteProcessor mask, int iterations, int count, int background) {
        for (int i = 0; i < iterations; i++) {
            mask.erode(count, background);
        }
    }

    static void dilate(ByteProcessor mask, int iterations, int count, int background) {
        for (int i = 0; i < iterations; i++) {
            mask.dilate(count, background);
        }
    }
}
