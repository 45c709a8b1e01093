package io.tessera.ops.imagej;

import ij.plugin.ContrastEnhancer;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Enhance Contrast with "Normalize": the histogram is stretched so that the
 * given percentage of pixels saturates, and the pixels are rewritten (without Normalize a gray
 * image would only get a new display range, which a saved result does not keep; RGB pixels are
 * always rewritten, and ImageJ's own command ignores Normalize there).
 */
@Component(service = Operation.class)
public final class EnhanceContrastOperation extends FixedHaloOperation {
    private static final Parameter SATURATED = Parameter.decimal("saturated", "Saturated pixels", 0.35, 0, 99, "%");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("enhance-contrast", "Enhance contrast",
            "Stretches the histogram so that the given share of pixels saturates (Process › Enhance Contrast).",
            "Adjust", SATURATED);

    public EnhanceContrastOperation() {
        super(INFO, WHOLE_IMAGE); // the stretch comes from the histogram of the whole image
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Enhance Contrast...", ImageJMacro.options(
                ImageJMacro.option("saturated", values.decimal(SATURATED.name())), "normalize")));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        ContrastEnhancer enhancer = new ContrastEnhancer();
        // ImageJ offers Normalize on gray images only: RGB pixels are rewritten by the new range itself.
        enhancer.setNormalize(input.getBitDepth() != 24);
        enhancer.stretchHistogram(input, values.decimal(SATURATED.name()));
        return input;
    }
}
