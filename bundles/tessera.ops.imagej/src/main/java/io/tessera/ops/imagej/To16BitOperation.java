package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Image › Type › 16-bit from 8-bit (values kept) or 32-bit (min..max onto 0..65535). */
@Component(service = Operation.class)
public final class To16BitOperation extends TypeConversionOperation {
    public To16BitOperation() {
        super("to-16-bit", "16-bit", PixelType.GRAY16, Set.of(PixelType.GRAY8, PixelType.GRAY32),
                Set.of(PixelType.GRAY32), ip -> ip.convertToShort(true));
    }
}
