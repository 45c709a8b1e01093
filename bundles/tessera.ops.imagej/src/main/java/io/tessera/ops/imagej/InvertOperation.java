package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Edit › Invert. */
@Component(service = Operation.class)
public final class InvertOperation extends FixedHaloOperation {

    public InvertOperation() {
        super(OperationInfo.ofAllTypes("invert", "Invert", "Creates the negative of the image.", "Adjust"), 0);
    }

    @Override
    public int halo(ParameterValues values, PixelType input) {
        // 8-bit and RGB invert over their full range. 16-bit and 32-bit invert between the image's
        // own min and max (ImageJ 1.54p: 100 and 200 become 200 and 100, not 65435 and 65335), so
        // a strip would invert within its own range: whole image only.
        return input == PixelType.GRAY32 || input == PixelType.GRAY16 ? WHOLE_IMAGE : 0;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Invert"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.invert();
        return input;
    }
}
