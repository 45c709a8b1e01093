package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** Grayscale erosion: ImageJ's Minimum filter. */
@Component(service = Operation.class)
public final class ErodeOperation extends RankOperation {

    public ErodeOperation() {
        super("erode", "Erode (minimum)", "Replaces each pixel by the smallest value within the radius.", RankFilters.MIN, "Minimum...");
    }

    /** ImageJ's name for this filter (Process › Filters › Minimum…). */
    @Override
    public java.util.List<String> aliases() {
        return java.util.List.of("minimum");
    }
}
