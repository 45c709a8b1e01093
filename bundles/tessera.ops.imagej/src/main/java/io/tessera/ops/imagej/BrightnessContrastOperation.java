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
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Adjust › Brightness/Contrast with "Set" min and max and "Apply": values at
 * or below min become 0, at or above max 255, linear in between.
 */
@Component(service = Operation.class)
public final class BrightnessContrastOperation extends FixedHaloOperation {
    private static final Parameter MIN = Parameter.integer("min", "Minimum", 0, 0, 254, "");
    private static final Parameter MAX = Parameter.integer("max", "Maximum", 255, 1, 255, "");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("brightness-contrast", "Brightness/contrast",
            "Stretches [min, max] to the full range and applies it to the pixels.", "Adjust", MIN, MAX)
            .accepting(PixelType.GRAY8, PixelType.RGB);

    public BrightnessContrastOperation() {
        super(INFO, 0);
    }

    @Override
    public void check(ParameterValues values) {
        if (values.integer(MIN.name()) >= values.integer(MAX.name())) {
            throw new InvalidPipelineException("min=" + values.integer(MIN.name()) + " must be below max="
                    + values.integer(MAX.name()));
        }
    }

    /** On RGB, setMinAndMax rewrites the pixels itself; an 8-bit image needs Apply LUT, as in apply. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of("setMinAndMax(" + values.integer(MIN.name()) + ", " + values.integer(MAX.name()) + ");\n"
                + "if (bitDepth() == 8) " + ImageJMacro.run("Apply LUT"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.setMinAndMax(values.integer(MIN.name()), values.integer(MAX.name()));
        if (input.getBitDepth() == 8) {
            // For RGB, setMinAndMax already rewrote the pixels; an 8-bit image only got a new LUT.
            ((ByteProcessor) input).applyLut();
        }
        return input;
    }
}
