package io.tessera.ops.imagej;

import ij.process.AutoThresholder;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Adjust › Auto Threshold with a method, then Convert to Mask: the result is
 * 8-bit, 255 where the pixel lies inside the threshold and 0 elsewhere.
 */
@Component(service = Operation.class)
public final class AutoThresholdOperation extends FixedHaloOperation {
    private static final Parameter METHOD = Parameter.choice("method", "Method", "Default",
            List.of(AutoThresholder.getMethods()));
    private static final Parameter DARK = Parameter.flag("dark", "Dark background", false);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("auto-threshold", "Auto threshold",
            "Makes a binary mask with one of ImageJ's automatic threshold methods.", "Binary", METHOD, DARK)
            .accepting(PixelType.GRAY8, PixelType.GRAY16);

    public AutoThresholdOperation() {
        super(INFO, WHOLE_IMAGE); // the threshold comes from the histogram of the whole image
    }

    @Override
    public PixelType produces(PixelType input, ParameterValues values) {
        return PixelType.GRAY8;
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.setAutoThreshold(AutoThresholder.Method.valueOf(values.choice(METHOD.name())), values.flag(DARK.name()),
                ImageProcessor.NO_LUT_UPDATE);
        return input.createMask();
    }
}
