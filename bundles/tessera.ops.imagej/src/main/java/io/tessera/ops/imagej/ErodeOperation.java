package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** Grayscale erosion: ImageJ's Minimum filter. */
@Component(service = Operation.class)
public final class ErodeOperation extends RankOperation {

    public ErodeOperation() {
        super(RankFilters.MIN);
    }

    @Override
    public String id() {
        return "erode";
    }

    @Override
    public String label() {
        return "Erode (minimum)";
    }

    @Override
    public String description() {
        return "Replaces each pixel by the smallest value within the radius.";
    }
}
