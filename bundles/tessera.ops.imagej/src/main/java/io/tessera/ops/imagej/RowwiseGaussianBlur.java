package io.tessera.ops.imagej;

import java.awt.Rectangle;
import ij.plugin.filter.GaussianBlur;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * ImageJ's Gaussian blur ({@link GaussianBlur#blurGaussian(ImageProcessor, double, double, double)})
 * with ImageJ's pixels, bit for bit, computed a vector register of pixels at a time.
 *
 * <p>Why it is faster: ImageJ computes one output pixel at a time, and it blurs a column by walking
 * it with a stride of a whole row. Here {@link VectorConvolution} computes as many neighbouring
 * outputs at once as a vector register holds (16 with AVX-512), and the vertical pass too works
 * along rows, so that it reads memory in order.
 *
 * <p>Why the pixels are the same: for every output pixel the same floats are multiplied and added
 * in the same order as in ImageJ's {@code convolveLine}, and each operation rounds as IEEE 754 says,
 * never fused. Near the ends of a line, where ImageJ stands the line's first and last points in
 * for the points beyond it, {@link #nearEdge} is ImageJ's loop, term for term. The kernel is
 * ImageJ's own ({@link GaussianBlur#makeGaussianKernel}), and so are the conversions to and from
 * float, except an RGB channel's way back, which {@link VectorConvolution#intoRgbChannel} writes
 * as ImageJ's loop does. {@code RowwiseGaussianBlurTest} compares the two on every pixel type, on
 * special floats, on sizes smaller than the kernel and on the sample images.
 *
 * <p>What it leaves to ImageJ: an image with a ROI, a sigma large enough that ImageJ blurs a
 * downscaled copy (above 8.5), and every image in a JVM without the Vector API's module (the
 * workbench's, the command line's): those go to ImageJ's own code, which gives the same pixels.
 */
final class RowwiseGaussianBlur {
    /** ImageJ's blur1Direction downscales above 2·MIN_DOWNSCALED_SIGMA + 0.5, with that minimum 4. */
    static final double LARGEST_SIGMA_WITHOUT_DOWNSCALING = 2 * 4 + 0.5;

    /** Bits per vector register when the Vector API is there, else 0. */
    private static final int VECTOR_BITS = vectorBits();

    private RowwiseGaussianBlur() {
    }

    /**
     * How this JVM blurs, one word for the rank's start line: {@code vector-512} (the Vector API
     * and its register's bits), or {@code imagej} (no module jdk.incubator.vector).
     */
    static String engine() {
        return VECTOR_BITS > 0 ? "vector-" + VECTOR_BITS : "imagej";
    }

    static boolean vectorized() {
        return VECTOR_BITS > 0;
    }

    private static int vectorBits() {
        try {
            return VectorConvolution.bits();
        } catch (LinkageError absent) {
            // Started without --add-modules jdk.incubator.vector, or a bundle that cannot see it.
            return 0;
        }
    }

    /** Blurs {@code ip} in place, as ImageJ's blurGaussian(ip, sigma, sigma, accuracy) does. */
    static void blur(ImageProcessor ip, double sigma, double accuracy) {
        if (!vectorized() || !coversWholeImage(ip) || sigma <= 0 || sigma > LARGEST_SIGMA_WITHOUT_DOWNSCALING) {
            new GaussianBlur().blurGaussian(ip, sigma, sigma, accuracy);
            return;
        }
        int width = ip.getWidth();
        int height = ip.getHeight();
        GaussianBlur imagej = new GaussianBlur();
        // As in blur1Direction: a line's length bounds the kernel's radius.
        float[][] rowKernel = imagej.makeGaussianKernel(sigma, accuracy, width);
        float[][] columnKernel = imagej.makeGaussianKernel(sigma, accuracy, height);
        float[] line = new float[width];
        // The vertical pass reads the horizontal pass's result while it writes over it.
        float[] copy = new float[width * height];
        FloatProcessor channel = null;
        for (int c = 0; c < ip.getNChannels(); c++) {
            channel = ip.toFloat(c, channel);
            float[] pixels = (float[]) channel.getPixels();
            for (int y = 0; y < height; y++) {
                System.arraycopy(pixels, y * width, line, 0, width);
                blurRow(line, pixels, y * width, rowKernel);
            }
            System.arraycopy(pixels, 0, copy, 0, pixels.length);
            blurColumns(copy, pixels, width, height, columnKernel);
            if (ip instanceof ColorProcessor) {
                VectorConvolution.intoRgbChannel(pixels, (int[]) ip.getPixels(), c);
            } else {
                ip.setPixels(c, channel);
            }
        }
    }

    private static boolean coversWholeImage(ImageProcessor ip) {
        Rectangle roi = ip.getRoi();
        return roi.x == 0 && roi.y == 0 && roi.width == ip.getWidth() && roi.height == ip.getHeight();
    }

    /** One row, from {@code line} into {@code out} at {@code offset}. */
    private static void blurRow(float[] line, float[] out, int offset, float[][] kernel) {
        int length = line.length;
        int radius = kernel[0].length;
        // ImageJ's three parts of a line: near its start, inside, near its end.
        int insideFrom = Math.min(radius, length);
        int insideTo = Math.max(insideFrom, length - radius);
        for (int i = 0; i < insideFrom; i++) {
            out[offset + i] = nearEdge(line, 0, 1, i, length, kernel, true);
        }
        VectorConvolution.interior(line, insideFrom, insideTo, 1, out, offset, kernel[0]);
        for (int i = insideTo; i < length; i++) {
            out[offset + i] = nearEdge(line, 0, 1, i, length, kernel, false);
        }
    }

    /** The vertical pass, a row of outputs at a time, from {@code in} into {@code out}. */
    private static void blurColumns(float[] in, float[] out, int width, int height, float[][] kernel) {
        int radius = kernel[0].length;
        int insideFrom = Math.min(radius, height);
        int insideTo = Math.max(insideFrom, height - radius);
        for (int y = 0; y < height; y++) {
            if (y >= insideFrom && y < insideTo) {
                VectorConvolution.interior(in, y * width, (y + 1) * width, width, out, 0, kernel[0]);
            } else {
                VectorConvolution.edgeRowOfColumns(in, out, width, height, y, kernel, y < insideFrom);
            }
        }
    }

    /**
     * One output point within a kernel's radius of a line's end (point {@code i} of the line that
     * starts at {@code in[base]} and goes on in steps of {@code step}): ImageJ's convolveLine, term
     * for term. ImageJ tests the two ends slightly differently ({@code startPart}); kept as it is.
     */
    static float nearEdge(float[] in, int base, int step, int i, int length, float[][] kernel,
            boolean startPart) {
        float[] kern = kernel[0];
        float[] kernSum = kernel[1];
        int radius = kern.length;
        float first = in[base];
        float last = in[base + (length - 1) * step];
        float result = in[base + i * step] * kern[0];
        if (startPart) {
            result += kernSum[i] * first;
            if (i + radius > length) {
                result += kernSum[length - i - 1] * last;
            }
        } else {
            if (i < radius) {
                result += kernSum[i] * first;
            }
            if (i + radius >= length) {
                result += kernSum[length - i - 1] * last;
            }
        }
        for (int k = 1; k < radius; k++) {
            float v = 0;
            if (i - k >= 0) {
                v += in[base + (i - k) * step];
            }
            if (i + k < length) {
                v += in[base + (i + k) * step];
            }
            result += kern[k] * v;
        }
        return result;
    }
}
