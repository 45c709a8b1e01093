package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Filters › Top Hat: the image less its grayscale opening (a minimum, then a
 * maximum, over the same circle), which keeps the small bright features and drops the background.
 */
@Component(service = Operation.class)
public final class TopHatOperation extends RankOperation {
    private static final Parameter LIGHT = Parameter.flag("light", "Light background", false);
    private static final Parameter DONT_SUBTRACT = Parameter.flag("opening", "Only the opening (do not subtract)", false);

    public TopHatOperation() {
        super(OperationInfo.ofAllTypes("top-hat", "Top hat",
                "Subtracts the grayscale opening: keeps features smaller than the radius (Process › Filters › Top Hat).",
                "Filters", RADIUS, LIGHT, DONT_SUBTRACT), RankFilters.TOP_HAT, "Top Hat...");
    }

    /** A minimum and then a maximum over the same kernel: each reaches its radius. */
    @Override
    public int halo(ParameterValues values) {
        return 2 * super.halo(values);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Top Hat...", ImageJMacro.options(
                ImageJMacro.option("radius", radius(values)), ImageJMacro.keyword("light", values.flag(LIGHT.name())),
                ImageJMacro.keyword("don't", values.flag(DONT_SUBTRACT.name())))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        new RankFilters().rank(input, radius(values), RankFilters.TOP_HAT, 0, 0, values.flag(LIGHT.name()),
                values.flag(DONT_SUBTRACT.name()));
        return input;
    }
}
