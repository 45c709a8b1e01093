package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Open. */
@Component(service = Operation.class)
public final class BinaryOpenOperation extends BinaryOperation {

    public BinaryOpenOperation() {
        super("binary-open", "Binary open", "Erodes, then dilates as often: removes specks, keeps shapes.", 2, "Open");
    }

    @Override
    void morph(ByteProcessor mask, int iterations, int count, int background) {
        erode(mask, iterations, count, background);
        dilate(mask, iterations, count, background);
    }
}
