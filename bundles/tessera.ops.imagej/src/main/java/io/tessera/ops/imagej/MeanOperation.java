package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Filters › Mean. */
@Component(service = Operation.class)
public final class MeanOperation extends RankOperation {

    public MeanOperation() {
        super("mean", "Mean", "Replaces each pixel by the mean within the radius.", RankFilters.MEAN, "Mean...");
    }
}
