package io.tessera.ops.imagej;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of {@link RowwiseGaussianBlur}, on the JDK's Vector API: a register of output
 * pixels at a time, each lane adding ImageJ's terms in ImageJ's order.
 *
 * <p>Why the Vector API rather than loops that C2 might vectorize: C2 in JDK 25 compiled the same
 * loops written as plain Java (an accumulating row per kernel term) to scalar code, slower than
 * ImageJ's. Lane-wise {@code add} and {@code mul} round like Java's {@code +} and {@code *}
 * (they never fuse into an FMA), so the pixels stay ImageJ's.
 *
 * <p>Only {@link RowwiseGaussianBlur} loads this class, and only once it has found the module
 * {@code jdk.incubator.vector} (a JVM started with {@code --add-modules jdk.incubator.vector}).
 */
final class VectorConvolution {
    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    /** As many ints as {@link #LANES} has floats: what converting a register of floats gives. */
    private static final VectorSpecies<Integer> INT_LANES = LANES.withLanes(int.class);

    private VectorConvolution() {
    }

    /** Bits per vector register, for the log; loading this class fails without the module. */
    static int bits() {
        return LANES.vectorBitSize();
    }

    /**
     * Points {@code from} to {@code to} of lines whose kernel stays inside them, written to
     * {@code out} at {@code offset} further on. A point's neighbours on its line are {@code step}
     * apart in {@code in}: 1 along a row (one row at a time, each lane a point of it), the image's
     * width down the columns (a row of outputs at a time, each lane a column).
     */
    static void interior(float[] in, int from, int to, int step, float[] out, int offset, float[] kern) {
        int radius = kern.length;
        float kern0 = kern[0];
        int i = from;
        for (int vectorsEnd = from + LANES.loopBound(to - from); i < vectorsEnd; i += LANES.length()) {
            FloatVector result = FloatVector.fromArray(LANES, in, i).mul(kern0);
            for (int k = 1; k < radius; k++) {
                FloatVector pair = FloatVector.fromArray(LANES, in, i - k * step)
                        .add(FloatVector.fromArray(LANES, in, i + k * step));
                result = result.add(pair.mul(kern[k]));
            }
            result.intoArray(out, offset + i);
        }
        for (; i < to; i++) {
            float result = in[i] * kern0;
            for (int k = 1; k < radius; k++) {
                result += kern[k] * (in[i - k * step] + in[i + k * step]);
            }
            out[offset + i] = result;
        }
    }

    /**
     * Row {@code y} of the vertical pass within the kernel's radius of the top or the bottom
     * ({@code startPart} as in {@link RowwiseGaussianBlur#nearEdge}): each lane one column, with
     * ImageJ's terms for a line's ends. Which terms apply depends on the row alone, so all the lanes
     * take the same ones.
     */
    static void edgeRowOfColumns(float[] in, float[] out, int width, int height, int y, float[][] kernel,
            boolean startPart) {
        float[] kern = kernel[0];
        float[] kernSum = kernel[1];
        int radius = kern.length;
        boolean addFirst = startPart || y < radius;
        boolean addLast = startPart ? y + radius > height : y + radius >= height;
        int row = y * width;
        int lastRow = (height - 1) * width;
        int x = 0;
        for (int vectorsEnd = LANES.loopBound(width); x < vectorsEnd; x += LANES.length()) {
            FloatVector result = FloatVector.fromArray(LANES, in, row + x).mul(kern[0]);
            if (addFirst) {
                result = result.add(FloatVector.fromArray(LANES, in, x).mul(kernSum[y]));
            }
            if (addLast) {
                result = result.add(FloatVector.fromArray(LANES, in, lastRow + x).mul(kernSum[height - y - 1]));
            }
            for (int k = 1; k < radius; k++) {
                FloatVector v = FloatVector.zero(LANES);
                if (y - k >= 0) {
                    v = v.add(FloatVector.fromArray(LANES, in, row - k * width + x));
                }
                if (y + k < height) {
                    v = v.add(FloatVector.fromArray(LANES, in, row + k * width + x));
                }
                result = result.add(v.mul(kern[k]));
            }
            result.intoArray(out, row + x);
        }
        for (; x < width; x++) {
            out[row + x] = RowwiseGaussianBlur.nearEdge(in, x, width, y, height, kernel, startPart);
        }
    }

    /**
     * Writes one channel of an RGB image ({@code channel} 0 red, 1 green, 2 blue) from its
     * blurred floats: ImageJ's {@code ColorProcessor.setPixels(int, FloatProcessor)}, which on the
     * ranks took as long as the blur itself. As there: add 0.5, clamp to 0–255 (NaN is left as it is
     * and becomes 0), truncate to an int, replace the channel's byte.
     */
    static void intoRgbChannel(float[] values, int[] rgb, int channel) {
        int shift = 16 - 8 * channel;
        int keep = ~(255 << shift);
        int i = 0;
        for (int vectorsEnd = LANES.loopBound(values.length); i < vectorsEnd; i += LANES.length()) {
            FloatVector value = FloatVector.fromArray(LANES, values, i).add(0.5f);
            value = value.blend(0f, value.lt(0f));
            value = value.blend(255f, value.compare(VectorOperators.GT, 255f));
            IntVector channelByte = (IntVector) value.convertShape(VectorOperators.F2I, INT_LANES, 0);
            IntVector.fromArray(INT_LANES, rgb, i).and(keep).or(channelByte.lanewise(VectorOperators.LSHL, shift))
                    .intoArray(rgb, i);
        }
        for (; i < values.length; i++) {
            float value = values[i] + 0.5f;
            if (value < 0f) {
                value = 0f;
            }
            if (value > 255f) {
                value = 255f;
            }
            rgb[i] = (rgb[i] & keep) | ((int) value << shift);
        }
    }
}
