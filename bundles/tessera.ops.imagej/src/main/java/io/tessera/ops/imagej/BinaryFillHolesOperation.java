package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import ij.process.FloodFiller;
import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Binary › Fill Holes. */
@Component(service = Operation.class)
public final class BinaryFillHolesOperation extends BinaryShapeOperation {
    private static final int MARK = 127;

    public BinaryFillHolesOperation() {
        super("binary-fill-holes", "Fill holes", "Fills the background enclosed by objects", WHOLE_IMAGE,
                "Fill Holes", "fill-holes");
    }

    /**
     * ImageJ's way (its Binary plugin keeps this method to itself): flood the background from every
     * edge pixel with a mark; whatever the flood did not reach is inside an object.
     */
    @Override
    void shape(ByteProcessor mask, int foreground, int background) {
        int width = mask.getWidth();
        int height = mask.getHeight();
        FloodFiller flood = new FloodFiller(mask);
        mask.setColor(MARK);
        for (int y = 0; y < height; y++) {
            if (mask.getPixel(0, y) == background) {
                flood.fill(0, y);
            }
            if (mask.getPixel(width - 1, y) == background) {
                flood.fill(width - 1, y);
            }
        }
        for (int x = 0; x < width; x++) {
            if (mask.getPixel(x, 0) == background) {
                flood.fill(x, 0);
            }
            if (mask.getPixel(x, height - 1) == background) {
                flood.fill(x, height - 1);
            }
        }
        byte[] pixels = (byte[]) mask.getPixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (pixels[i] == MARK ? background : foreground);
        }
    }
}
