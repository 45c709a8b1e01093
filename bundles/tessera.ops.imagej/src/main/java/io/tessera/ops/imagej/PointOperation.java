package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;

/** An operation without parameters whose reach is fixed. */
abstract class PointOperation implements Operation {
    private final OperationInfo info;
    private final int halo;

    PointOperation(OperationInfo info, int halo) {
        this.info = info;
        this.halo = halo;
    }

    @Override
    public OperationInfo info() {
        return info;
    }

    @Override
    public int halo(ParameterValues values) {
        return halo;
    }
}
