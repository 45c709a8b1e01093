package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Scale to a new image, with its interpolation and "Average when downsizing"; the
 * height by its own factor when one is given.
 */
@Component(service = Operation.class)
public final class ScaleOperation extends FixedHaloOperation {
    private static final Parameter FACTOR = Parameter.decimal("factor", "Scale factor (x)", 0.5, 0.01, 10, "×");
    /** 0 stands for "the same as factor", so that pipelines written before it existed keep their meaning. */
    private static final Parameter Y_FACTOR = Parameter.decimal("y-factor", "Y scale factor (0: same as x)", 0, 0, 10,
            "×");
    private static final Parameter AVERAGE = Parameter.flag("average", "Average when downsizing", true);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("scale", "Scale",
            "Resizes by a factor, or by one for x and one for y, as ImageJ's Scale command does.", "Transform", FACTOR,
            Y_FACTOR, Interpolation.PARAMETER, AVERAGE);

    public ScaleOperation() {
        super(INFO, WHOLE_IMAGE); // strips would not map onto whole output rows
    }

    @Override
    public void check(ParameterValues values) {
        double y = values.decimal(Y_FACTOR.name());
        if (y != 0 && y < FACTOR.min()) {
            throw new InvalidPipelineException("y-factor=" + ImageJMacro.number(y) + " must be 0 (same as factor) or at least "
                    + ImageJMacro.number(FACTOR.min()));
        }
    }

    /** Scale… with "create" leaves the scaled copy current, as this operation returns a new image. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Scale...", ImageJMacro.options(ImageJMacro.option("x", xFactor(values)),
                ImageJMacro.option("y", yFactor(values)),
                ImageJMacro.option("interpolation", Interpolation.macroWord(values)),
                ImageJMacro.keyword("average", values.flag(AVERAGE.name())), "create")));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.setInterpolationMethod(Interpolation.method(values));
        int width = Math.max(1, (int) Math.round(input.getWidth() * xFactor(values)));
        int height = Math.max(1, (int) Math.round(input.getHeight() * yFactor(values)));
        return input.resize(width, height, values.flag(AVERAGE.name()));
    }

    private static double xFactor(ParameterValues values) {
        return values.decimal(FACTOR.name());
    }

    private static double yFactor(ParameterValues values) {
        double y = values.decimal(Y_FACTOR.name());
        return y == 0 ? xFactor(values) : y;
    }
}
