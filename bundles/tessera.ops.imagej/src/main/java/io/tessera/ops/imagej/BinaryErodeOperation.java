package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Erode. */
@Component(service = Operation.class)
public final class BinaryErodeOperation extends BinaryOperation {

    public BinaryErodeOperation() {
        super("binary-erode", "Binary erode", "Removes one pixel from the edges of objects per iteration.", 1, "Erode");
    }

    @Override
    void morph(ByteProcessor mask, int iterations, int count, int background) {
        erode(mask, iterations, count, background);
    }
}
