package io.tessera.ops.imagej;

import ij.plugin.filter.BackgroundSubtracter;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Subtract Background with the command's options (corner correction always on,
 * as the command has it for the rolling ball).
 */
@Component(service = Operation.class)
public final class SubtractBackgroundOperation extends FixedHaloOperation {
    private static final Parameter RADIUS = Parameter.decimal("radius", "Rolling ball radius", 50, 1, 1000, "px");
    private static final Parameter LIGHT = Parameter.flag("light", "Light background", false);
    private static final Parameter PARABOLOID = Parameter.flag("paraboloid", "Sliding paraboloid", false);
    private static final Parameter SMOOTHING = Parameter.flag("smoothing", "Smooth before (3×3 mean)", true);
    private static final Parameter BACKGROUND = Parameter.flag("background", "Create background (keep, not subtract)",
            false);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("subtract-background", "Subtract background",
            "Removes smooth, uneven background with ImageJ's rolling ball or sliding paraboloid.", "Adjust", RADIUS,
            LIGHT, PARABOLOID, SMOOTHING, BACKGROUND);

    public SubtractBackgroundOperation() {
        // The ball rolls over a shrunken copy whose grid is anchored at the image's corner.
        super(INFO, WHOLE_IMAGE);
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        new BackgroundSubtracter().rollingBallBackground(input, values.decimal(RADIUS.name()),
                values.flag(BACKGROUND.name()), values.flag(LIGHT.name()), values.flag(PARABOLOID.name()),
                values.flag(SMOOTHING.name()), true);
        return input;
    }
}
