package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.plugin.filter.BackgroundSubtracter;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Subtract Background with the command's options (corner correction always on,
 * as the command has it for the rolling ball). On RGB images the command works on the brightness
 * and keeps the hues, unless told to treat the colours separately: so does this operation.
 */
@Component(service = Operation.class)
public final class SubtractBackgroundOperation extends FixedHaloOperation {
    private static final Parameter RADIUS = Parameter.decimal("radius", "Rolling ball radius", 50, 1, 1000, "px");
    private static final Parameter LIGHT = Parameter.flag("light", "Light background", false);
    private static final Parameter PARABOLOID = Parameter.flag("paraboloid", "Sliding paraboloid", false);
    private static final Parameter SMOOTHING = Parameter.flag("smoothing", "Smooth before (3×3 mean)", true);
    private static final Parameter BACKGROUND = Parameter.flag("background", "Create background (keep, not subtract)",
            false);
    private static final Parameter SEPARATE = Parameter.flag("separate", "Separate colours (RGB)", false);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("subtract-background", "Subtract background",
            "Removes smooth, uneven background with ImageJ's rolling ball or sliding paraboloid.", "Adjust", RADIUS,
            LIGHT, PARABOLOID, SMOOTHING, BACKGROUND, SEPARATE);

    public SubtractBackgroundOperation() {
        // The ball rolls over a shrunken copy whose grid is anchored at the image's corner.
        super(INFO, WHOLE_IMAGE);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Subtract Background...", ImageJMacro.options(
                ImageJMacro.option("rolling", values.decimal(RADIUS.name())),
                ImageJMacro.keyword("light", values.flag(LIGHT.name())),
                ImageJMacro.keyword("separate", values.flag(SEPARATE.name())),
                ImageJMacro.keyword("create", values.flag(BACKGROUND.name())),
                ImageJMacro.keyword("sliding", values.flag(PARABOLOID.name())),
                ImageJMacro.keyword("disable", !values.flag(SMOOTHING.name())))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        double radius = values.decimal(RADIUS.name());
        boolean background = values.flag(BACKGROUND.name());
        boolean light = values.flag(LIGHT.name());
        boolean paraboloid = values.flag(PARABOLOID.name());
        boolean smoothing = values.flag(SMOOTHING.name());
        if (input instanceof ColorProcessor rgb && !values.flag(SEPARATE.name())) {
            new BackgroundSubtracter().rollingBallBrightnessBackground(rgb, radius, background, light, paraboloid,
                    smoothing, true);
        } else {
            new BackgroundSubtracter().rollingBallBackground(input, radius, background, light, paraboloid, smoothing,
                    true);
        }
        return input;
    }
}
