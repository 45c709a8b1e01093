package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Noise › Despeckle: a median of radius 1. */
@Component(service = Operation.class)
public final class DespeckleOperation extends RankOperation {
    private static final double RADIUS = 1;

    public DespeckleOperation() {
        super(OperationInfo.ofAllTypes("despeckle", "Despeckle",
                "Removes salt-and-pepper noise with a 3×3 median (Process › Noise › Despeckle).", "Noise"),
                RankFilters.MEDIAN, "Despeckle");
    }

    @Override
    double radius(ParameterValues values) {
        return RADIUS;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Despeckle"));
    }
}
