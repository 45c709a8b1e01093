package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Image › Type › 8-bit from 16- or 32-bit gray, min..max onto 0..255 (RGB: convert-to-gray). */
@Component(service = Operation.class)
public final class To8BitOperation extends TypeConversionOperation {
    public To8BitOperation() {
        super("to-8-bit", "8-bit", PixelType.GRAY8, Set.of(PixelType.GRAY16, PixelType.GRAY32),
                Set.of(PixelType.GRAY16, PixelType.GRAY32), ip -> ip.convertToByte(true));
    }
}
