package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Adjust › Threshold with a range set by hand, then Convert to Mask: 255 where
 * lower ≤ pixel ≤ upper, 0 elsewhere. Each pixel on its own, so strips need no halo.
 */
@Component(service = Operation.class)
public final class ThresholdOperation extends FixedHaloOperation {
    private static final Parameter LOWER = Parameter.decimal("lower", "Lower", 128, -1e30, 1e30, "");
    private static final Parameter UPPER = Parameter.decimal("upper", "Upper", 255, -1e30, 1e30, "");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("threshold", "Threshold",
            "Makes a mask of the pixels from lower to upper (Image › Adjust › Threshold, then Convert to Mask).",
            "Binary", LOWER, UPPER).accepting(PixelType.GRAY8, PixelType.GRAY16, PixelType.GRAY32);

    public ThresholdOperation() {
        super(INFO, 0);
    }

    @Override
    public void check(ParameterValues values) {
        if (values.decimal(LOWER.name()) > values.decimal(UPPER.name())) {
            throw new InvalidPipelineException("lower=" + ImageJMacro.number(values.decimal(LOWER.name()))
                    + " must not be above upper=" + ImageJMacro.number(values.decimal(UPPER.name())));
        }
    }

    @Override
    public PixelType produces(PixelType input, ParameterValues values) {
        return PixelType.GRAY8;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of("setOption(\"BlackBackground\", true);\nsetThreshold("
                + ImageJMacro.number(values.decimal(LOWER.name())) + ", "
                + ImageJMacro.number(values.decimal(UPPER.name())) + ");\n" + ImageJMacro.run("Convert to Mask"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.setThreshold(values.decimal(LOWER.name()), values.decimal(UPPER.name()), ImageProcessor.NO_LUT_UPDATE);
        return input.createMask();
    }
}
