package io.tessera.ops.imagej;

import jdk.incubator.vector.FloatVector;
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

    private VectorConvolution() {
    }

    /** Bits per vector register, for the log; loading this class fails without the module. */
    static int bits() {
        return LANES.vectorBitSize();
    }

    /**
     * Points {@code from} to {@code to} of a line whose kernel stays inside it, read from
     * {@code line} and written to {@code out} at {@code offset}.
     */
    static void interiorOfRow(float[] line, int from, int to, float[] out, int offset, float[] kern) {
        int radius = kern.length;
        float kern0 = kern[0];
        int i = from;
        for (int vectorsEnd = from + LANES.loopBound(to - from); i < vectorsEnd; i += LANES.length()) {
            FloatVector result = FloatVector.fromArray(LANES, line, i).mul(kern0);
            for (int k = 1; k < radius; k++) {
                FloatVector pair = FloatVector.fromArray(LANES, line, i - k).add(FloatVector.fromArray(LANES, line, i + k));
                result = result.add(pair.mul(kern[k]));
            }
            result.intoArray(out, offset + i);
        }
        for (; i < to; i++) {
            float result = line[i] * kern0;
            for (int k = 1; k < radius; k++) {
                result += kern[k] * (line[i - k] + line[i + k]);
            }
            out[offset + i] = result;
        }
    }

    /**
     * Row {@code y} of the vertical pass, for a row whose kernel stays inside the image: each lane
     * is one column, reading the rows above and below from {@code in}.
     */
    static void interiorRowOfColumns(float[] in, float[] out, int width, int y, float[] kern) {
        int radius = kern.length;
        float kern0 = kern[0];
        int row = y * width;
        int x = 0;
        for (int vectorsEnd = LANES.loopBound(width); x < vectorsEnd; x += LANES.length()) {
            FloatVector result = FloatVector.fromArray(LANES, in, row + x).mul(kern0);
            for (int k = 1; k < radius; k++) {
                FloatVector pair = FloatVector.fromArray(LANES, in, row - k * width + x)
                        .add(FloatVector.fromArray(LANES, in, row + k * width + x));
                result = result.add(pair.mul(kern[k]));
            }
            result.intoArray(out, row + x);
        }
        for (; x < width; x++) {
            float result = in[row + x] * kern0;
            for (int k = 1; k < radius; k++) {
                result += kern[k] * (in[row - k * width + x] + in[row + k * width + x]);
            }
            out[row + x] = result;
        }
    }
}
