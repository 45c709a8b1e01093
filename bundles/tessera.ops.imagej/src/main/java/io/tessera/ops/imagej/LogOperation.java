package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Log: see {@link PixelFunctionOperation}. */
@Component(service = Operation.class)
public final class LogOperation extends PixelFunctionOperation {
    public LogOperation() {
        super(info("log", "Log", "Natural logarithm of every pixel; 8-bit and RGB scaled to 0–255, 16-bit to the image's range"),
                Set.of(PixelType.GRAY16), ij.process.ImageProcessor::log);
    }
}
