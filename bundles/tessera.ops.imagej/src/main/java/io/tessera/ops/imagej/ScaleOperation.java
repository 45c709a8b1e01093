package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Image › Scale to a new image, with its interpolation and "Average when downsizing". */
@Component(service = Operation.class)
public final class ScaleOperation extends FixedHaloOperation {
    private static final Parameter FACTOR = Parameter.decimal("factor", "Scale factor", 0.5, 0.01, 10, "×");
    private static final Parameter INTERPOLATION = Parameter.choice("interpolation", "Interpolation", "bilinear",
            List.of("none", "bilinear", "bicubic"));
    private static final Parameter AVERAGE = Parameter.flag("average", "Average when downsizing", true);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("scale", "Scale",
            "Resizes by a factor, as ImageJ's Scale command does.", "Transform", FACTOR, INTERPOLATION, AVERAGE);

    public ScaleOperation() {
        super(INFO, WHOLE_IMAGE); // strips would not map onto whole output rows
    }

    /** Scale… with "create" leaves the scaled copy current, as this operation returns a new image. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        double factor = values.decimal(FACTOR.name());
        String interpolation = values.choice(INTERPOLATION.name());
        return Optional.of(ImageJMacro.run("Scale...", ImageJMacro.options(ImageJMacro.option("x", factor),
                ImageJMacro.option("y", factor),
                ImageJMacro.option("interpolation", Character.toUpperCase(interpolation.charAt(0)) + interpolation.substring(1)),
                ImageJMacro.keyword("average", values.flag(AVERAGE.name())), "create")));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        double factor = values.decimal(FACTOR.name());
        input.setInterpolationMethod(switch (values.choice(INTERPOLATION.name())) {
            case "none" -> ImageProcessor.NONE;
            case "bicubic" -> ImageProcessor.BICUBIC;
            default -> ImageProcessor.BILINEAR;
        });
        int width = Math.max(1, (int) Math.round(input.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(input.getHeight() * factor));
        return input.resize(width, height, values.flag(AVERAGE.name()));
    }
}
