package io.tessera.ops.imagej;

import ij.plugin.filter.BackgroundSubtracter;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Subtract Background with a rolling ball (not the paraboloid), presmoothing and
 * corner correction on, as the command's defaults are.
 */
@Component(service = Operation.class)
public final class SubtractBackgroundOperation extends FixedHaloOperation {
    private static final Parameter RADIUS = Parameter.decimal("radius", "Rolling ball radius", 50, 1, 1000, "px");
    private static final Parameter LIGHT = Parameter.flag("light", "Light background", false);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("subtract-background", "Subtract background",
            "Removes smooth, uneven background with ImageJ's rolling ball.", "Adjust", RADIUS, LIGHT);

    public SubtractBackgroundOperation() {
        // The ball rolls over a shrunken copy whose grid is anchored at the image's corner.
        super(INFO, WHOLE_IMAGE);
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        new BackgroundSubtracter().rollingBallBackground(input, values.decimal(RADIUS.name()), false,
                values.flag(LIGHT.name()), false, true, true);
        return input;
    }
}
