package io.tessera.ops.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.process.AutoThresholder;
import ij.process.ImageProcessor;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.util.EnumMap;
import java.util.Map;

/**
 * One real image of each pixel type, plus a binary mask for the binary operations. 8-bit and RGB
 * are photographs opened by ImageJ itself; 16- and 32-bit are made from the RGB photograph so that
 * they use their range, with detail in every pixel (a flat area could hide a halo one row short).
 */
public final class Samples {
    private static final Map<PixelType, ImageProcessor> BY_TYPE = new EnumMap<>(PixelType.class);
    private static ImageProcessor mask;

    private Samples() {
    }

    static synchronized ImageProcessor of(PixelType type) {
        if (BY_TYPE.isEmpty()) {
            ImageProcessor camera = open("camera.png");
            BY_TYPE.put(PixelType.GRAY8, camera);
            BY_TYPE.put(PixelType.RGB, open("astronaut.png"));
            BY_TYPE.put(PixelType.GRAY16, photo16());
            BY_TYPE.put(PixelType.GRAY32, photo32());
            for (Map.Entry<PixelType, ImageProcessor> e : BY_TYPE.entrySet()) {
                if (PixelType.of(e.getValue()) != e.getKey()) {
                    throw new IllegalStateException("the " + e.getKey() + " sample is " + PixelType.of(e.getValue()));
                }
            }
            long distinct16 = java.util.stream.IntStream.range(0, BY_TYPE.get(PixelType.GRAY16).getPixelCount())
                    .map(BY_TYPE.get(PixelType.GRAY16)::get).distinct().count();
            ij.process.ImageStatistics floats = BY_TYPE.get(PixelType.GRAY32).getStats();
            if (distinct16 < 10_000 || BY_TYPE.get(PixelType.GRAY16).getStats().max < 60_000 || floats.min >= 0
                    || floats.max <= 0) {
                throw new IllegalStateException("the 16- and 32-bit samples must use their range: " + distinct16
                        + " distinct 16-bit values, floats from " + floats.min + " to " + floats.max);
            }
            ImageProcessor threshold = camera.duplicate();
            threshold.setAutoThreshold(AutoThresholder.Method.Otsu, false, ImageProcessor.NO_LUT_UPDATE);
            mask = threshold.createMask();
        }
        return BY_TYPE.get(type).duplicate();
    }

    /**
     * astronaut.png's luminance at 16 bits: 77 R + 151 G + 28 B, 0 to 65280, tens of thousands of
     * distinct values, where an 8-bit photograph scaled up would have 256.
     */
    public static ImageProcessor photo16() {
        ImageProcessor astronaut = open("astronaut.png");
        int[] rgb = (int[]) astronaut.getPixels();
        short[] gray = new short[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i];
            gray[i] = (short) (77 * ((c >> 16) & 0xff) + 151 * ((c >> 8) & 0xff) + 28 * (c & 0xff));
        }
        return new ij.process.ShortProcessor(astronaut.getWidth(), astronaut.getHeight(), gray, null);
    }

    /** The same at 32 bits, with fractions and negatives: (v16 − 32768) / 1000 + a fraction per column. */
    public static ImageProcessor photo32() {
        ImageProcessor v16 = photo16();
        float[] values = new float[v16.getPixelCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (v16.get(i) - 32768) / 1000f + (i % v16.getWidth()) / 7919f;
        }
        return new ij.process.FloatProcessor(v16.getWidth(), v16.getHeight(), values);
    }

    /** A binary 8-bit mask (0 and 255) of a real image. */
    static ImageProcessor mask() {
        of(PixelType.GRAY8);
        return mask.duplicate();
    }

    /** The right sample for a step: binary operations work on masks. */
    static ImageProcessor forStep(String step, PixelType type) {
        if (step.startsWith("remove-nans") && type == PixelType.GRAY32) {
            return withNaNs(of(type));
        }
        boolean onMask = CatalogueMatchesImageJTest.CATALOG.require(PipelineStep.parse(step).op()).takesMasksOnly();
        return onMask && type == PixelType.GRAY8 ? mask() : of(type);
    }

    /** Every 53rd pixel NaN, and a block of 4×4 (a NaN among NaNs takes the median of what is left). */
    private static ImageProcessor withNaNs(ImageProcessor floats) {
        for (int i = 0; i < floats.getPixelCount(); i += 53) {
            floats.setf(i, Float.NaN);
        }
        for (int y = 100; y < 104; y++) {
            for (int x = 100; x < 104; x++) {
                floats.setf(x, y, Float.NaN);
            }
        }
        return floats;
    }

    private static ImageProcessor open(String name) {
        ImagePlus imp = IJ.openImage(SampleImages.get(name).toString());
        if (imp == null) {
            throw new IllegalStateException("ImageJ cannot open " + name);
        }
        return imp.getProcessor();
    }
}
