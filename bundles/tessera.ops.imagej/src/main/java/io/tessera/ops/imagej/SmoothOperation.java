package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Smooth. */
@Component(service = Operation.class)
public final class SmoothOperation extends FixedHaloOperation {

    public SmoothOperation() {
        super(OperationInfo.ofAllTypes("smooth", "Smooth", "Blurs with ImageJ's 3×3 mean kernel.", "Filters"), 1);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Smooth"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.smooth();
        return input;
    }
}
