package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;

/** A grayscale rank filter of ImageJ (Process › Filters › Minimum/Maximum…) over a circular kernel. */
abstract class RankOperation implements Operation {
    private static final Parameter RADIUS = Parameter.decimal("radius", "Radius", 1, 0.5, 100, "px");

    private final int rankType;

    RankOperation(int rankType) {
        this.rankType = rankType;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(RADIUS);
    }

    @Override
    public int halo(ParameterValues values) {
        // RankFilters' circular kernel reaches (int) sqrt(r² + 1) pixels from its centre.
        double radius = values.decimal(RADIUS.name());
        return (int) Math.sqrt(radius * radius + 1);
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        new RankFilters().rank(input, values.decimal(RADIUS.name()), rankType);
        return input;
    }
}
