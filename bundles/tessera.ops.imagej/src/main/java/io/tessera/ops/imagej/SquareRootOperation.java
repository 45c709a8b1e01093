package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Square Root: see {@link PixelFunctionOperation}. */
@Component(service = Operation.class)
public final class SquareRootOperation extends PixelFunctionOperation {
    public SquareRootOperation() {
        super(info("square-root", "Square Root", "The square root of every pixel"), Set.of(),
                ij.process.ImageProcessor::sqrt);
    }
}
