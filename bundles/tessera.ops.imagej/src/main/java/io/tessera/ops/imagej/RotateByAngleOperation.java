package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Transform › Rotate… by any angle about the centre, in the image's own frame
 * (corners that leave it are lost, uncovered pixels become 0), as the command does without
 * "Enlarge image".
 */
@Component(service = Operation.class)
public final class RotateByAngleOperation extends FixedHaloOperation {
    private static final Parameter ANGLE = Parameter.decimal("angle", "Angle (clockwise)", 15, -360, 360, "°");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("rotate-by-angle", "Rotate by angle",
            "Rotates clockwise about the centre by any angle, in the same frame (Image › Transform › Rotate…).",
            "Transform", ANGLE, Interpolation.PARAMETER);

    public RotateByAngleOperation() {
        super(INFO, WHOLE_IMAGE); // a pixel comes from anywhere along its circle about the centre
    }

    /** ImageJ's command name ends in a space ("Rotate... "), which sets it apart from Rotate 90 Degrees. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Rotate... ", ImageJMacro.options(
                ImageJMacro.option("angle", values.decimal(ANGLE.name())), "grid=1",
                ImageJMacro.option("interpolation", Interpolation.macroWord(values)))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.setInterpolationMethod(Interpolation.method(values));
        input.setBackgroundValue(0);
        input.rotate(values.decimal(ANGLE.name()));
        return input;
    }
}
