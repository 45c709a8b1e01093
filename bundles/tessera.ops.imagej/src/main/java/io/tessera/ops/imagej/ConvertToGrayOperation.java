package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Image › Type › 8-bit on an RGB image, with or without "Weighted RGB conversions". */
@Component(service = Operation.class)
public final class ConvertToGrayOperation extends FixedHaloOperation {
    private static final Parameter WEIGHTED = Parameter.flag("weighted", "Weighted (0.299, 0.587, 0.114)", true);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("convert-to-gray", "Convert to 8-bit gray",
            "Turns RGB into 8-bit gray, by luminance or by the plain mean of R, G and B.", "Type", WEIGHTED)
            .accepting(PixelType.RGB);

    public ConvertToGrayOperation() {
        super(INFO, 0);
    }

    @Override
    public PixelType produces(PixelType input, ParameterValues values) {
        return PixelType.GRAY8;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Conversions...", ImageJMacro.options("scale",
                ImageJMacro.keyword("weighted", values.flag(WEIGHTED.name())))) + "\n" + ImageJMacro.run("8-bit"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        ColorProcessor rgb = (ColorProcessor) input;
        // Weights set on this processor, not ImageJ's global preference: ranks share nothing.
        if (values.flag(WEIGHTED.name())) {
            rgb.setRGBWeights(0.299, 0.587, 0.114);
        } else {
            rgb.setRGBWeights(1d / 3, 1d / 3, 1d / 3);
        }
        return rgb.convertToByte(false);
    }
}
