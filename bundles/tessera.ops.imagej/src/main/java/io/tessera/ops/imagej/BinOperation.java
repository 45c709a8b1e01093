package io.tessera.ops.imagej;

import ij.ImagePlus;
import ij.plugin.Binner;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Transform › Bin: each block of x × y pixels becomes one, by their average,
 * median, maximum, minimum or sum; a partial block at the right or bottom edge is dropped, as
 * ImageJ drops it.
 */
@Component(service = Operation.class)
public final class BinOperation extends FixedHaloOperation {
    private static final Parameter X = Parameter.integer("x", "X shrink factor", 2, 1, 256, "");
    private static final Parameter Y = Parameter.integer("y", "Y shrink factor", 2, 1, 256, "");
    private static final Parameter METHOD = Parameter.choice("method", "Bin method", "average",
            List.of("average", "median", "max", "min", "sum"));
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("bin", "Bin",
            "Shrinks by whole factors, combining each block of pixels (Image › Transform › Bin).", "Transform", X, Y,
            METHOD);

    public BinOperation() {
        super(INFO, WHOLE_IMAGE); // blocks are anchored at the top of the image, not of a strip
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Bin...", ImageJMacro.options(
                ImageJMacro.option("x", values.integer(X.name())), ImageJMacro.option("y", values.integer(Y.name())),
                ImageJMacro.option("bin", capitalized(values.choice(METHOD.name()))))));
    }

    /** The dialog's choices are capitalized, and an option that matches none silently means the first. */
    private static String capitalized(String method) {
        return Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        int method = switch (values.choice(METHOD.name())) {
            case "median" -> Binner.MEDIAN;
            case "max" -> Binner.MAX;
            case "min" -> Binner.MIN;
            case "sum" -> Binner.SUM;
            default -> Binner.AVERAGE;
        };
        // Through an ImagePlus, as the command goes: only that path caps a sum at the type's maximum
        // (the processor-level shrink lets an 8-bit sum wrap around).
        return new Binner().shrink(new ImagePlus("bin", input), values.integer(X.name()), values.integer(Y.name()), 1,
                method).getProcessor();
    }
}
