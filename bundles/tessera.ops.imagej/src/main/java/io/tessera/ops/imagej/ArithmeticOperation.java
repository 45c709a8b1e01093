package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.function.ObjDoubleConsumer;

/**
 * One of ImageJ's Process › Math commands that combine every pixel with a constant (Add…,
 * Subtract…, Multiply…, Divide…, Min…, Max…), on every pixel type: each pixel on its own, so
 * strips need no halo. 8- and 16-bit results are rounded and clamped to the type's range and RGB
 * works on each channel, as in ImageJ, since ImageJ's own methods do the work.
 */
abstract class ArithmeticOperation extends FixedHaloOperation {
    static final String VALUE = "value";
    private final ObjDoubleConsumer<ImageProcessor> math;

    ArithmeticOperation(String id, String label, String description, Parameter value, ObjDoubleConsumer<ImageProcessor> math) {
        super(OperationInfo.ofAllTypes(id, label, description, "Math", value), 0);
        this.math = math;
    }

    /** The constant: any finite number, a type's range being applied to the result, not to it. */
    static Parameter value(double defaultValue, double min) {
        return Parameter.decimal(VALUE, "Value", defaultValue, min, 1e9, "");
    }

    /** Process › Math › Add… and its kin: the label is ImageJ's command name. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run(info().label() + "...", ImageJMacro.option("value", values.decimal(VALUE))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        math.accept(input, values.decimal(VALUE));
        return input;
    }
}
