package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Filters › Gaussian Blur, with the accuracy that command uses; computed by
 * {@link RowwiseGaussianBlur}, which gives ImageJ's pixels.
 */
@Component(service = Operation.class)
public final class GaussianBlurOperation implements Operation {
    private static final Parameter SIGMA = Parameter.decimal("sigma", "Sigma (radius)", 2, 0.1, 100, "px");
    /** The accuracies that ImageJ's "Gaussian Blur..." command chooses by pixel type. */
    private static final double ACCURACY_8_BIT_AND_RGB = 0.002;
    private static final double ACCURACY_16_AND_32_BIT = 0.0002;

    private static final OperationInfo INFO = OperationInfo.ofAllTypes("gaussian-blur", "Gaussian blur",
            "Smooths with a Gaussian kernel of the given standard deviation.", "Filters", SIGMA);

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public int halo(ParameterValues values) {
        return GaussianReach.of(values.decimal(SIGMA.name()), ACCURACY_16_AND_32_BIT);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Gaussian Blur...", ImageJMacro.option("sigma", values.decimal(SIGMA.name()))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        double sigma = values.decimal(SIGMA.name());
        RowwiseGaussianBlur.blur(input, sigma, accuracyFor(input));
        return input;
    }

    /** How this JVM computes the blur (the Vector API and its width, or ImageJ's code), for logs. */
    public static String engine() {
        return RowwiseGaussianBlur.engine();
    }

    /** The accuracy that ImageJ's "Gaussian Blur..." command uses for this pixel type. */
    public static double accuracyFor(ImageProcessor ip) {
        return ip instanceof ByteProcessor || ip instanceof ColorProcessor ? ACCURACY_8_BIT_AND_RGB
                : ACCURACY_16_AND_32_BIT;
    }
}
