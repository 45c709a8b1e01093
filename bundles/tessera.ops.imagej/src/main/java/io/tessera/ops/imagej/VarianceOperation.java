package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.PixelType;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Filters › Variance, computed in 32-bit float: in 8 or 16 bits the variance
 * of any textured region would saturate.
 */
@Component(service = Operation.class)
public final class VarianceOperation extends RankOperation {

    public VarianceOperation() {
        super("variance", "Variance", "Replaces each pixel by the variance within the radius (32-bit result).",
                RankFilters.VARIANCE, "Variance...", PixelType.GRAY8, PixelType.GRAY16, PixelType.GRAY32);
    }

    @Override
    public java.util.Optional<String> imagejMacro(ParameterValues values) {
        return super.imagejMacro(values).map(variance -> "if (bitDepth() != 32) run(\"32-bit\");\n" + variance);
    }

    @Override
    public PixelType produces(PixelType input, ParameterValues values) {
        return PixelType.GRAY32;
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        return super.apply(input.convertToFloat(), values);
    }
}
