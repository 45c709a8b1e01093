package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Abs: see {@link PixelFunctionOperation}. */
@Component(service = Operation.class)
public final class AbsOperation extends PixelFunctionOperation {
    public AbsOperation() {
        super(info("abs", "Abs", "The absolute value of every pixel of a 32-bit image").accepting(PixelType.GRAY32), Set.of(),
                ij.process.ImageProcessor::abs);
    }
}
