package io.tessera.ops.imagej;

import ij.plugin.filter.RankFilters;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.PixelType;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Noise › Remove NaNs: each NaN of a 32-bit image becomes the median of its neighbours. */
@Component(service = Operation.class)
public final class RemoveNaNsOperation extends RankOperation {

    public RemoveNaNsOperation() {
        super(OperationInfo.ofAllTypes("remove-nans", "Remove NaNs",
                "Replaces each NaN by the median of the numbers within the radius (Process › Noise › Remove NaNs).",
                "Noise", RADIUS).accepting(PixelType.GRAY32), RankFilters.REMOVE_NAN, "Remove NaNs...");
    }
}
