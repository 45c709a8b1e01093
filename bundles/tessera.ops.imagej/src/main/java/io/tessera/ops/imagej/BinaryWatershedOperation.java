package io.tessera.ops.imagej;

import ij.plugin.filter.EDM;
import ij.plugin.filter.MaximumFinder;
import ij.process.Blitter;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Watershed: touching round objects are cut apart by one-pixel lines. */
@Component(service = Operation.class)
public final class BinaryWatershedOperation extends BinaryShapeOperation {
    /** The prominence ImageJ's EDM plugin gives its maxima finder for watershed. */
    private static final double PROMINENCE = 0.5;

    public BinaryWatershedOperation() {
        super("binary-watershed", "Watershed", "Separates touching objects along the valleys of their distance map",
                WHOLE_IMAGE, "Watershed", "watershed");
    }

    @Override
    void shape(ByteProcessor mask, int foreground, int background) {
        var distances = new EDM().makeFloatEDM(mask, background == 255 ? -1 : 0, false);
        ByteProcessor segmented = new MaximumFinder().findMaxima(distances, PROMINENCE, ImageProcessor.NO_THRESHOLD,
                MaximumFinder.SEGMENTED, false, true);
        if (background == 255) {
            segmented.invert();
        }
        mask.copyBits(segmented, 0, 0, Blitter.COPY);
    }
}
