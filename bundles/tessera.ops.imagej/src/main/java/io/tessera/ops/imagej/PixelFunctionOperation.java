package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One of ImageJ's Process › Math commands that apply a function to every pixel (Log, Exp,
 * Square, Square Root, Abs, Reciprocal), done by ImageJ's own processor methods. Each pixel on
 * its own, except for the types on which ImageJ scales the function by the image's own range
 * (16-bit Log and Exp): those never go in strips.
 */
abstract class PixelFunctionOperation extends FixedHaloOperation {
    private final Consumer<ImageProcessor> function;
    private final Set<PixelType> wholeImage;

    PixelFunctionOperation(OperationInfo info, Set<PixelType> wholeImage, Consumer<ImageProcessor> function) {
        super(info, 0);
        this.function = function;
        this.wholeImage = wholeImage;
    }

    static OperationInfo info(String id, String label, String description) {
        return OperationInfo.ofAllTypes(id, label, description + " (Process › Math › " + label + ")", "Math");
    }

    @Override
    public int halo(ParameterValues values, PixelType input) {
        return wholeImage.contains(input) ? WHOLE_IMAGE : 0;
    }

    /** Process › Math › Log and its kin: the label is ImageJ's command name. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run(info().label()));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        function.accept(input);
        return input;
    }
}
