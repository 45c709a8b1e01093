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

/** ImageJ's Image › Transform › Flip Horizontally / Flip Vertically. */
@Component(service = Operation.class)
public final class FlipOperation implements Operation {
    private static final Parameter DIRECTION = Parameter.choice("direction", "Direction", "horizontal",
            List.of("horizontal", "vertical"));
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("flip", "Flip",
            "Mirrors the image left to right, or top to bottom.", "Transform", DIRECTION);

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public int halo(ParameterValues values) {
        // A horizontal flip keeps every row in its place; a vertical one moves rows across strips.
        return "horizontal".equals(values.choice(DIRECTION.name())) ? 0 : WHOLE_IMAGE;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("horizontal".equals(values.choice(DIRECTION.name())) ? "Flip Horizontally"
                : "Flip Vertically"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        if ("horizontal".equals(values.choice(DIRECTION.name()))) {
            input.flipHorizontal();
        } else {
            input.flipVertical();
        }
        return input;
    }
}
