package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
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

    /** Convert to Mask makes 255 the objects only with a black background (else an inverting LUT). */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of("setOption(\"BlackBackground\", true);\n" + "setAutoThreshold(\"" + thresholdText(values) + "\");\n"
                + ImageJMacro.run("Convert to Mask"));
    }

    /** "Li dark": the method and its options as ImageJ's setAutoThreshold reads them. */
    private static String thresholdText(ParameterValues values) {
        return values.choice(METHOD.name()) + (values.flag(DARK.name()) ? " dark" : "");
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        // The text form is the path of ImageJ's Threshold dialog and macros; the Method form differs
        // from it by one gray level on 16-bit images with a dark background (it skips "addOne").
        input.setAutoThreshold(thresholdText(values) + " no-lut");
        return input.createMask();
    }
}
