package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Filters › Median. */
@Component(service = Operation.class)
public final class MedianOperation extends RankOperation {

    public MedianOperation() {
        super("median", "Median", "Replaces each pixel by the median within the radius; removes speckle noise.", RankFilters.MEDIAN, "Median...");
    }
}
