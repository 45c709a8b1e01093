package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Exp: see {@link PixelFunctionOperation}. */
@Component(service = Operation.class)
public final class ExpOperation extends PixelFunctionOperation {
    public ExpOperation() {
        super(info("exp", "Exp", "e to the power of every pixel; 8-bit and RGB scaled to 0–255, 16-bit to the image's range"),
                Set.of(PixelType.GRAY16), ij.process.ImageProcessor::exp);
    }
}
