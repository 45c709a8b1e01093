package io.tessera.ops.imagej;

import ij.plugin.filter.Convolver;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Arrays;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Filters › Convolve with a square kernel of odd width, written as its numbers
 * row by row separated by spaces (the form ImageJ's macros give it: "-1 -1 -1 -1 8 -1 -1 -1 -1").
 * Normalized, the kernel is divided by the sum of its numbers (unless that is 0). Edge pixels are
 * repeated outward, as ImageJ does, so strips need a halo of half the kernel's width.
 */
@Component(service = Operation.class)
public final class ConvolveOperation implements Operation {
    private static final Parameter KERNEL = Parameter.text("kernel", "Kernel (numbers, row by row)",
            "-1 -1 -1 -1 12 -1 -1 -1 -1", 20_000);
    private static final Parameter NORMALIZE = Parameter.flag("normalize", "Normalize kernel", true);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("convolve", "Convolve",
            "Convolves with a square kernel given as its numbers (Process › Filters › Convolve).", "Filters", KERNEL,
            NORMALIZE);

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public void check(ParameterValues values) {
        kernel(values);
    }

    @Override
    public int halo(ParameterValues values) {
        return (width(kernel(values)) - 1) / 2;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        String numbers = String.join(" ", Arrays.stream(values.text(KERNEL.name()).strip().split("\\s+")).toList());
        return Optional.of(ImageJMacro.run("Convolve...", ImageJMacro.options("text1=[" + numbers + "]",
                ImageJMacro.keyword("normalize", values.flag(NORMALIZE.name())))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        float[] kernel = kernel(values);
        int width = width(kernel);
        Convolver convolver = new Convolver();
        convolver.setNormalize(values.flag(NORMALIZE.name()));
        // As ImageJ's command runs (CONVERT_TO_FLOAT): each channel in float, rounded back.
        return FloatChannels.filter(input, fp -> convolver.convolveFloat(fp, kernel, width, width));
    }

    /** The kernel's numbers, or why they are not a square kernel of odd width. */
    private static float[] kernel(ParameterValues values) {
        String text = values.text(KERNEL.name()).strip();
        String[] numbers = text.isEmpty() ? new String[0] : text.split("\\s+");
        float[] kernel = new float[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            try {
                kernel[i] = Float.parseFloat(numbers[i]);
            } catch (NumberFormatException e) {
                throw new InvalidPipelineException("kernel: \"" + numbers[i] + "\" is not a number");
            }
            if (!Float.isFinite(kernel[i])) {
                throw new InvalidPipelineException("kernel: " + numbers[i] + " is not a finite number");
            }
        }
        int width = width(kernel);
        if (width < 3 || width % 2 == 0 || width * width != kernel.length) {
            throw new InvalidPipelineException("kernel: " + kernel.length + " numbers do not make a square kernel"
                    + " of odd width (9 for 3×3, 25 for 5×5, 49 for 7×7, …)");
        }
        return kernel;
    }

    private static int width(float[] kernel) {
        return (int) Math.round(Math.sqrt(kernel.length));
    }
}
