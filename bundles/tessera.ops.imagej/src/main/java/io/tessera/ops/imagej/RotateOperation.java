package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Image › Transform › Rotate 90 Degrees Right/Left, and both flips for 180. Exact, no interpolation. */
@Component(service = Operation.class)
public final class RotateOperation extends FixedHaloOperation {
    private static final Parameter ANGLE = Parameter.choice("angle", "Angle (clockwise)", "90",
            List.of("90", "180", "270"));
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("rotate", "Rotate",
            "Rotates clockwise by a quarter, half or three quarters of a turn.", "Transform", ANGLE);

    public RotateOperation() {
        super(INFO, WHOLE_IMAGE); // rows become columns: no strip keeps its place
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(switch (values.choice(ANGLE.name())) {
            case "90" -> ImageJMacro.run("Rotate 90 Degrees Right");
            case "270" -> ImageJMacro.run("Rotate 90 Degrees Left");
            default -> ImageJMacro.run("Flip Horizontally") + "\n" + ImageJMacro.run("Flip Vertically");
        });
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        return switch (values.choice(ANGLE.name())) {
            case "90" -> input.rotateRight();
            case "270" -> input.rotateLeft();
            default -> {
                input.flipHorizontal();
                input.flipVertical();
                yield input;
            }
        };
    }
}
