package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Noise › Remove Outliers: a pixel further than the threshold from its median becomes the median. */
@Component(service = Operation.class)
public final class RemoveOutliersOperation extends RankOperation {
    private static final Parameter THRESHOLD = Parameter.decimal("threshold", "Threshold", 50, 0, 1e9, "");
    private static final Parameter WHICH = Parameter.choice("which", "Outliers", "bright", List.of("bright", "dark"));

    public RemoveOutliersOperation() {
        super(OperationInfo.ofAllTypes("remove-outliers", "Remove outliers",
                "Replaces pixels that stand out from their median by more than the threshold"
                        + " (Process › Noise › Remove Outliers).", "Noise", RADIUS, THRESHOLD, WHICH),
                RankFilters.OUTLIERS, "Remove Outliers...");
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        String which = values.choice(WHICH.name());
        return Optional.of(ImageJMacro.run("Remove Outliers...", ImageJMacro.options(
                ImageJMacro.option("radius", radius(values)),
                ImageJMacro.option("threshold", values.decimal(THRESHOLD.name())),
                ImageJMacro.option("which", Character.toUpperCase(which.charAt(0)) + which.substring(1)))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        int which = "dark".equals(values.choice(WHICH.name())) ? RankFilters.DARK_OUTLIERS : RankFilters.BRIGHT_OUTLIERS;
        new RankFilters().rank(input, radius(values), RankFilters.OUTLIERS, which,
                (float) values.decimal(THRESHOLD.name()));
        return input;
    }
}
