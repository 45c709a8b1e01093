package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Outline. */
@Component(service = Operation.class)
public final class BinaryOutlineOperation extends BinaryShapeOperation {

    public BinaryOutlineOperation() {
        super("binary-outline", "Outline", "Keeps a one-pixel outline of each object", 1, "Outline", "outline");
    }

    /**
     * ByteProcessor outlines black objects on white, so ImageJ inverts white objects around it; but
     * its Binary plugin runs with "snapshot copy mode" on, in which the outline reads the pixels as
     * they were before that inversion. What ImageJ's Outline gives on a black background is that
     * (objects are outlined from outside, one pixel further out), and so this does the same steps.
     */
    @Override
    void shape(ByteProcessor mask, int foreground, int background) {
        if (foreground == 255) {
            mask.snapshot();
            mask.setSnapshotCopyMode(true);
            mask.invert();
        }
        mask.outline();
        if (foreground == 255) {
            mask.setSnapshotCopyMode(false);
            mask.invert();
        }
    }
}
