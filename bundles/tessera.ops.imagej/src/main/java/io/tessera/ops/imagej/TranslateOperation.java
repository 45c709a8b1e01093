package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Image › Transform › Translate… by whole pixels: the image moves, uncovered pixels become 0. */
@Component(service = Operation.class)
public final class TranslateOperation implements Operation {
    private static final Parameter X = Parameter.integer("x", "Right by", 10, -100_000, 100_000, "px");
    private static final Parameter Y = Parameter.integer("y", "Down by", 10, -100_000, 100_000, "px");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("translate", "Translate",
            "Moves the image right and down by whole pixels (Image › Transform › Translate…).", "Transform", X, Y);

    @Override
    public OperationInfo info() {
        return INFO;
    }

    /** A row comes from |y| rows away. */
    @Override
    public int halo(ParameterValues values) {
        return Math.abs(values.integer(Y.name()));
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Translate...", ImageJMacro.options(
                ImageJMacro.option("x", values.integer(X.name())), ImageJMacro.option("y", values.integer(Y.name())),
                "interpolation=None")));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.translate(values.integer(X.name()), values.integer(Y.name()));
        return input;
    }
}
