package io.tessera.ops.imagej;

import ij.process.FloatProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Math › Reciprocal on 32-bit images: 1/v, and infinity where v is 0 (ImageJ's
 * default for a division by zero; a desktop may set another in Edit › Options › Misc, which a
 * cluster does not share).
 */
@Component(service = Operation.class)
public final class ReciprocalOperation extends PixelFunctionOperation {
    public ReciprocalOperation() {
        super(info("reciprocal", "Reciprocal", "1 divided by every pixel of a 32-bit image, infinity where it is 0")
                .accepting(PixelType.GRAY32), Set.of(), ip -> {
                    float[] pixels = (float[]) ((FloatProcessor) ip).getPixels();
                    for (int i = 0; i < pixels.length; i++) {
                        pixels[i] = pixels[i] == 0 ? Float.POSITIVE_INFINITY : 1f / pixels[i];
                    }
                });
    }
}
