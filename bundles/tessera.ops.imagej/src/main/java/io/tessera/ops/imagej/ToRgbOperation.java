package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Image › Type › RGB Color from gray: 8-bit values kept in each channel; 16- and 32-bit through 8-bit. */
@Component(service = Operation.class)
public final class ToRgbOperation extends TypeConversionOperation {
    public ToRgbOperation() {
        super("to-rgb", "RGB Color", PixelType.RGB, Set.of(PixelType.GRAY8, PixelType.GRAY16, PixelType.GRAY32),
                Set.of(PixelType.GRAY16, PixelType.GRAY32), ip -> ip.convertToRGB());
    }
}
