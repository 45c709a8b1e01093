package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * ImageJ's Image › Type commands between gray types and to RGB, with ImageJ's default "Scale when
 * converting": going down in depth (and from 32-bit) maps the image's own min..max onto the new
 * range, so those conversions depend on the whole image and never go in strips; going up (8-bit
 * to 16- or 32-bit, 16-bit to 32-bit) keeps each value and works pixel by pixel.
 */
abstract class TypeConversionOperation extends FixedHaloOperation {
    private final PixelType target;
    private final Set<PixelType> scaled;
    private final UnaryOperator<ImageProcessor> convert;

    TypeConversionOperation(String id, String label, PixelType target, Set<PixelType> accepts, Set<PixelType> scaled,
            UnaryOperator<ImageProcessor> convert) {
        super(info(id, label, target, accepts), 0);
        this.target = target;
        this.scaled = scaled;
        this.convert = convert;
    }

    private static OperationInfo info(String id, String label, PixelType target, Set<PixelType> accepts) {
        PixelType[] types = accepts.toArray(PixelType[]::new);
        java.util.Arrays.sort(types);
        return OperationInfo.ofAllTypes(id, label, "Converts to " + target.label()
                + " (Image › Type); a lower depth takes the image's own min..max as its range.", "Type")
                .accepting(types[0], java.util.Arrays.copyOfRange(types, 1, types.length));
    }

    @Override
    public PixelType produces(PixelType input, ParameterValues values) {
        return target;
    }

    @Override
    public int halo(ParameterValues values, PixelType input) {
        return scaled.contains(input) ? WHOLE_IMAGE : 0;
    }

    /** Image › Type › 8-bit and its kin (the label is the command), with scaling on as this operation has it. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Conversions...", "scale") + "\n" + ImageJMacro.run(info().label()));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.resetMinAndMax(); // the image's own range, as a freshly opened image shows it
        return convert.apply(input);
    }
}
