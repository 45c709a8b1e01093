package io.tessera.ops.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.process.AutoThresholder;
import ij.process.ImageProcessor;
import io.tessera.core.op.PixelType;
import java.util.EnumMap;
import java.util.Map;

/** One real image of each pixel type, opened by ImageJ itself, plus a binary mask for the binary operations. */
final class Samples {
    private static final Map<PixelType, ImageProcessor> BY_TYPE = new EnumMap<>(PixelType.class);
    private static ImageProcessor mask;

    private Samples() {
    }

    static synchronized ImageProcessor of(PixelType type) {
        if (BY_TYPE.isEmpty()) {
            ImageProcessor camera = open("camera.png");
            BY_TYPE.put(PixelType.GRAY8, camera);
            BY_TYPE.put(PixelType.RGB, open("astronaut.png"));
            BY_TYPE.put(PixelType.GRAY16, open("chessboard_GRAY_U16.tif"));
            BY_TYPE.put(PixelType.GRAY32, camera.convertToFloat());
            for (Map.Entry<PixelType, ImageProcessor> e : BY_TYPE.entrySet()) {
                if (PixelType.of(e.getValue()) != e.getKey()) {
                    throw new IllegalStateException("the " + e.getKey() + " sample is " + PixelType.of(e.getValue()));
                }
            }
            ImageProcessor threshold = camera.duplicate();
            threshold.setAutoThreshold(AutoThresholder.Method.Otsu, false, ImageProcessor.NO_LUT_UPDATE);
            mask = threshold.createMask();
        }
        return BY_TYPE.get(type).duplicate();
    }

    /** A binary 8-bit mask (0 and 255) of a real image. */
    static ImageProcessor mask() {
        of(PixelType.GRAY8);
        return mask.duplicate();
    }

    /** The right sample for a step: binary operations work on masks. */
    static ImageProcessor forStep(String step, PixelType type) {
        return step.startsWith("binary-") && type == PixelType.GRAY8 ? mask() : of(type);
    }

    private static ImageProcessor open(String name) {
        ImagePlus imp = IJ.openImage(SampleImages.get(name).toString());
        if (imp == null) {
            throw new IllegalStateException("ImageJ cannot open " + name);
        }
        return imp.getProcessor();
    }
}
