package io.tessera.ops.imagej;

import static io.tessera.ops.imagej.PixelAssertions.assertPixelsEqual;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.tessera.core.op.PixelType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vectorized Gaussian blur gives ImageJ's pixels, bit for bit. Each case blurs a copy with
 * ImageJ's {@link GaussianBlur#blurGaussian} and a copy with {@link RowwiseGaussianBlur}, and compares
 * every pixel (floats by their bits, so NaN, infinities and −0 count).
 */
class RowwiseGaussianBlurTest {
    /** From ImageJ's smallest kernel to the largest sigma it blurs without downscaling. */
    private static final double[] SIGMAS = {0.1, 0.5, 0.7, 1, 2, 3.3, 5, RowwiseGaussianBlur.LARGEST_SIGMA_WITHOUT_DOWNSCALING};
    /** Lines shorter than a kernel's radius and than a vector, and lines that leave a vector's tail. */
    private static final int[] SIDES = {1, 2, 3, 7, 16, 17, 19, 33, 70};

    @Test
    void theseTestsRunTheVectorLoopsNotImageJsFallback() {
        // Otherwise every comparison below would compare ImageJ with itself.
        assertTrue(RowwiseGaussianBlur.vectorized(), "the tests run with --add-modules jdk.incubator.vector");
    }

    @Test
    void randomImagesOfEveryTypeAndSizeGiveImageJsPixels() {
        Random random = new Random(20261203);
        for (PixelType type : PixelType.values()) {
            for (int width : SIDES) {
                for (int height : SIDES) {
                    ImageProcessor image = random(type, width, height, random);
                    for (double sigma : SIGMAS) {
                        assertSameAsImageJ(image, sigma, type + " " + width + "×" + height + " σ=" + sigma);
                    }
                }
            }
        }
    }

    @Test
    void specialFloatsGiveImageJsPixels() {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, 3.5f};
        Random random = new Random(7);
        FloatProcessor image = new FloatProcessor(61, 45);
        for (int i = 0; i < image.getPixelCount(); i++) {
            image.setf(i, random.nextInt(4) == 0 ? special[random.nextInt(special.length)] : (float) random.nextGaussian());
        }
        for (double sigma : SIGMAS) {
            assertSameAsImageJ(image, sigma, "special floats σ=" + sigma);
        }
        // Negative zeros only: the sign of every zero must come out as ImageJ's, also in lines
        // shorter than the kernel, where ImageJ adds a +0 for the neighbours a line does not have.
        for (int[] size : new int[][] {{40, 40}, {40, 3}, {3, 40}}) {
            FloatProcessor zeros = new FloatProcessor(size[0], size[1]);
            Arrays.fill((float[]) zeros.getPixels(), -0f);
            assertSameAsImageJ(zeros, 2, "negative zeros " + size[0] + "×" + size[1]);
        }
    }

    @Test
    void anRgbChannelIsWrittenBackAsImageJWritesIt() {
        // Blurred values stay within 0-255, so rounding's edges and clamping are fed here directly.
        float[] edges = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, -0.5f, -0.50000006f,
            0.49999997f, 0.5f, 254.49998f, 254.5f, 255f, 255.5f, 256f, 1e9f, -1e9f, Float.MIN_VALUE};
        Random random = new Random(11);
        for (int length : new int[] {1, 15, 16, 17, 1000}) {
            float[] values = new float[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextBoolean() ? edges[random.nextInt(edges.length)]
                        : (float) (random.nextGaussian() * 200 + 128);
            }
            for (int channel = 0; channel < 3; channel++) {
                ColorProcessor expected = (ColorProcessor) random(PixelType.RGB, length, 1, random);
                ColorProcessor actual = (ColorProcessor) expected.duplicate();
                expected.setPixels(channel, new FloatProcessor(length, 1, values.clone()));
                VectorConvolution.intoRgbChannel(values.clone(), (int[]) actual.getPixels(), channel);
                assertPixelsEqual(expected, actual, "channel " + channel + " of " + length + " pixels");
            }
        }
    }

    @Test
    void sampleImagesGiveImageJsPixels() {
        for (PixelType type : PixelType.values()) {
            for (double sigma : new double[] {0.7, 2, 8}) {
                assertSameAsImageJ(Samples.of(type), sigma, "sample " + type + " σ=" + sigma);
            }
        }
        for (String name : new String[] {"retina.jpg", "hubble_deep_field.jpg", "page.png", "coins.png"}) {
            ImagePlus photo = IJ.openImage(SampleImages.get(name).toString());
            assertSameAsImageJ(photo.getProcessor(), 2, name);
        }
    }

    @Test
    void aRoiAndALargeSigmaAreLeftToImageJ() {
        ImageProcessor inRoi = Samples.of(PixelType.GRAY8);
        inRoi.setRoi(100, 80, 200, 150);
        assertSameAsImageJ(inRoi, 2, "camera with a ROI");
        ImageProcessor whole = Samples.of(PixelType.GRAY8);
        RowwiseGaussianBlur.blur(whole, 2, GaussianBlurOperation.accuracyFor(whole));
        RowwiseGaussianBlur.blur(inRoi, 2, GaussianBlurOperation.accuracyFor(inRoi));
        assertFalse(Arrays.equals((byte[]) whole.getPixels(), (byte[]) inRoi.getPixels()),
                "the ROI was kept: only the pixels in and near it are blurred");
        assertSameAsImageJ(Samples.of(PixelType.GRAY32), 20, "σ=20, which ImageJ blurs downscaled");
    }

    private static void assertSameAsImageJ(ImageProcessor image, double sigma, String what) {
        double accuracy = GaussianBlurOperation.accuracyFor(image);
        ImageProcessor expected = image.duplicate();
        expected.setRoi(image.getRoi());
        new GaussianBlur().blurGaussian(expected, sigma, sigma, accuracy);
        ImageProcessor actual = image.duplicate();
        actual.setRoi(image.getRoi());
        RowwiseGaussianBlur.blur(actual, sigma, accuracy);
        assertPixelsEqual(expected, actual, what);
    }

    private static ImageProcessor random(PixelType type, int width, int height, Random random) {
        ImageProcessor image = switch (type) {
            case GRAY8 -> new ByteProcessor(width, height);
            case GRAY16 -> new ShortProcessor(width, height);
            case GRAY32 -> new FloatProcessor(width, height);
            case RGB -> new ColorProcessor(width, height);
        };
        for (int i = 0; i < width * height; i++) {
            switch (type) {
                case GRAY8 -> image.set(i, random.nextInt(256));
                case GRAY16 -> image.set(i, random.nextInt(65536));
                case GRAY32 -> image.setf(i, (float) (random.nextGaussian() * 1000));
                case RGB -> image.set(i, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
