package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Skeletonize. */
@Component(service = Operation.class)
public final class BinarySkeletonizeOperation extends BinaryShapeOperation {

    public BinarySkeletonizeOperation() {
        // Thinning repeats until nothing changes: how far it reaches depends on the objects' size.
        super("binary-skeletonize", "Skeletonize", "Thins each object to a one-pixel line", WHOLE_IMAGE,
                "Skeletonize", "skeletonize");
    }

    @Override
    void shape(ByteProcessor mask, int foreground, int background) {
        mask.skeletonize(foreground);
    }
}
