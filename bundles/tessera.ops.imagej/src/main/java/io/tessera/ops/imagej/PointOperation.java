package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;

/** An operation without parameters whose reach is fixed. */
abstract class PointOperation implements Operation {
    private final int halo;

    PointOperation(int halo) {
        this.halo = halo;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public int halo(ParameterValues values) {
        return halo;
    }
}
