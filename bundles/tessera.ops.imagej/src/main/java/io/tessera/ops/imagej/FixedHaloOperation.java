package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;

/** An operation whose reach does not depend on its parameters: a number of pixels, or the whole image. */
abstract class FixedHaloOperation implements Operation {
    private final OperationInfo info;
    private final int halo;

    FixedHaloOperation(OperationInfo info, int halo) {
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
