package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.plugin.filter.UnsharpMask;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Filters › Unsharp Mask. */
@Component(service = Operation.class)
public final class UnsharpMaskOperation implements Operation {
    private static final Parameter SIGMA = Parameter.decimal("sigma", "Radius (sigma)", 1, 0.1, 100, "px");
    private static final Parameter WEIGHT = Parameter.decimal("weight", "Mask weight", 0.6, 0.1, 0.9, "");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("unsharp-mask", "Unsharp mask",
            "Sharpens by subtracting a blurred copy, weighted.", "Filters", SIGMA, WEIGHT);
    /** The accuracy UnsharpMask passes to its Gaussian blur. */
    private static final double ACCURACY = 0.01;

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public int halo(ParameterValues values) {
        return GaussianReach.of(values.decimal(SIGMA.name()), ACCURACY);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Unsharp Mask...", ImageJMacro.options(
                ImageJMacro.option("radius", values.decimal(SIGMA.name())),
                ImageJMacro.option("mask", values.decimal(WEIGHT.name())))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        UnsharpMask unsharp = new UnsharpMask();
        double sigma = values.decimal(SIGMA.name());
        float weight = (float) values.decimal(WEIGHT.name());
        return FloatChannels.filter(input, fp -> unsharp.sharpenFloat(fp, sigma, weight));
    }
}
