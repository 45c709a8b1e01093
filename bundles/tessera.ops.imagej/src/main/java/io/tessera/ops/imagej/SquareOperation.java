package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Square: see {@link PixelFunctionOperation}. */
@Component(service = Operation.class)
public final class SquareOperation extends PixelFunctionOperation {
    public SquareOperation() {
        super(info("square", "Square", "Every pixel times itself, clamped to the type's range"), Set.of(),
                ij.process.ImageProcessor::sqr);
    }
}
