package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Sharpen. */
@Component(service = Operation.class)
public final class SharpenOperation extends FixedHaloOperation {

    public SharpenOperation() {
        super(OperationInfo.ofAllTypes("sharpen", "Sharpen", "Increases contrast with ImageJ's 3×3 sharpening kernel.", "Filters"), 1);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Sharpen"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.sharpen();
        return input;
    }
}
