package io.tessera.ops.imagej;

import io.tessera.core.op.PixelType;
import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;

/** A grayscale rank filter of ImageJ (Process › Filters › Minimum/Maximum…) over a circular kernel. */
abstract class RankOperation implements Operation {
    static final Parameter RADIUS = Parameter.decimal("radius", "Radius", 1, 0.5, 100, "px");

    private final OperationInfo info;
    private final int rankType;
    private final String command;

    /** @param command ImageJ's menu command for this filter, e.g. {@code Minimum...} */
    RankOperation(String id, String label, String description, int rankType, String command) {
        this(OperationInfo.ofAllTypes(id, label, description, "Filters", RADIUS), rankType, command);
    }

    RankOperation(String id, String label, String description, int rankType, String command, PixelType first,
            PixelType... more) {
        this(OperationInfo.ofAllTypes(id, label, description, "Filters", RADIUS).accepting(first, more), rankType,
                command);
    }

    RankOperation(OperationInfo info, int rankType, String command) {
        this.info = info;
        this.rankType = rankType;
        this.command = command;
    }

    @Override
    public OperationInfo info() {
        return info;
    }

    @Override
    public int halo(ParameterValues values) {
        return kernelRadius(radius(values));
    }

    /**
     * How far RankFilters' circular kernel reaches, as its makeLineRadii computes it: radii just
     * above 1.5 and 2.5 are widened first, so that those kernels come out round.
     */
    static int kernelRadius(double radius) {
        double r = radius >= 1.5 && radius < 1.75 ? 1.75 : radius >= 2.5 && radius < 2.85 ? 2.85 : radius;
        int r2 = (int) (r * r) + 1;
        return (int) Math.sqrt(r2 + 1e-10);
    }

    /** The kernel's radius for these values; a filter of fixed size says so by overriding this. */
    double radius(ParameterValues values) {
        return values.decimal(RADIUS.name());
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run(command, ImageJMacro.option("radius", radius(values))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        new RankFilters().rank(input, radius(values), rankType);
        return input;
    }
}
