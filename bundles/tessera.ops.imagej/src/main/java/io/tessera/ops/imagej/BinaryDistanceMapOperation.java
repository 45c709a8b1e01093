package io.tessera.ops.imagej;

import ij.plugin.filter.EDM;
import ij.process.ByteProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Distance Map, with its default output: 8 bits, in place of the mask. */
@Component(service = Operation.class)
public final class BinaryDistanceMapOperation extends BinaryShapeOperation {

    public BinaryDistanceMapOperation() {
        super("binary-distance-map", "Distance map",
                "Replaces each object pixel by its distance to the background, rounded and capped at 255",
                WHOLE_IMAGE, "Distance Map", "distance-map");
    }

    @Override
    void shape(ByteProcessor mask, int foreground, int background) {
        // EDM reads a background of 255 as (byte) 255, that is -1; the float map is rounded into the bytes.
        mask.setPixels(0, new EDM().makeFloatEDM(mask, background == 255 ? -1 : 0, false));
    }
}
