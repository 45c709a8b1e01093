package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Close. */
@Component(service = Operation.class)
public final class BinaryCloseOperation extends BinaryOperation {

    public BinaryCloseOperation() {
        super("binary-close", "Binary close", "Dilates, then erodes as often: fills small holes and gaps.", 2, "Close");
    }

    @Override
    void morph(ByteProcessor mask, int iterations, int count, int background) {
        dilate(mask, iterations, count, background);
        erode(mask, iterations, count, background);
    }
}
