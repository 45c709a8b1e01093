package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** Grayscale dilation: ImageJ's Maximum filter. */
@Component(service = Operation.class)
public final class DilateOperation extends RankOperation {

    public DilateOperation() {
        super("dilate", "Dilate (maximum)", "Replaces each pixel by the largest value within the radius.", RankFilters.MAX, "Maximum...");
    }

    /** ImageJ's name for this filter (Process › Filters › Maximum…). */
    @Override
    public java.util.List<String> aliases() {
        return java.util.List.of("maximum");
    }
}
