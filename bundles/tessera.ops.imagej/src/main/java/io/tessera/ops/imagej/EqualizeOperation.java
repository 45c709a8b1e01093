package io.tessera.ops.imagej;

import ij.plugin.ContrastEnhancer;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Enhance Contrast › Equalize histogram (its square-root variant, the command's default). */
@Component(service = Operation.class)
public final class EqualizeOperation extends FixedHaloOperation {
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("equalize", "Equalize histogram",
            "Spreads the gray levels by the image's cumulative histogram (Process › Enhance Contrast › Equalize).",
            "Adjust").accepting(PixelType.GRAY8, PixelType.GRAY16, PixelType.RGB);

    public EqualizeOperation() {
        super(INFO, WHOLE_IMAGE); // the mapping comes from the histogram of the whole image
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Enhance Contrast...", "saturated=0.35 equalize"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        new ContrastEnhancer().equalize(input);
        return input;
    }
}
