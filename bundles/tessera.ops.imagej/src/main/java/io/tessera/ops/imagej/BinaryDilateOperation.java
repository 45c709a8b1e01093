package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Dilate. */
@Component(service = Operation.class)
public final class BinaryDilateOperation extends BinaryOperation {

    public BinaryDilateOperation() {
        super("binary-dilate", "Binary dilate", "Adds one pixel to the edges of objects per iteration.", 1, "Dilate");
    }

    @Override
    void morph(ByteProcessor mask, int iterations, int count, int background) {
        dilate(mask, iterations, count, background);
    }
}
