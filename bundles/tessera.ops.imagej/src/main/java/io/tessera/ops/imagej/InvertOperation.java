package io.tessera.ops.imagej;

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
        // 8-bit, RGB and 16-bit invert over their full range; 32-bit between the image's own min and max.
        return input == PixelType.GRAY32 ? WHOLE_IMAGE : 0;
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.invert();
        return input;
    }
}
