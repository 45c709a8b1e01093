package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Image › Type › 32-bit from 8- or 16-bit gray: every value kept. */
@Component(service = Operation.class)
public final class To32BitOperation extends TypeConversionOperation {
    public To32BitOperation() {
        super("to-32-bit", "32-bit", PixelType.GRAY32, Set.of(PixelType.GRAY8, PixelType.GRAY16), Set.of(),
                ip -> ip.convertToFloat());
    }
}
