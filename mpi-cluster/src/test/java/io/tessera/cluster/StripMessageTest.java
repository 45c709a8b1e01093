package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A strip crosses MPI as bytes: every pixel type, and the LUT some operations read, survive. */
class StripMessageTest {
    private static final Random RANDOM = new Random(7);

    @Test
    void everyPixelTypeComesBackAsItWent() {
        for (ImageProcessor image : List.of(bytes(), shorts(), floats(), colours())) {
            StripMessage.Decoded back = StripMessage.decode(StripMessage.pixels(3, 11, "{\"job\":1}", image));
            assertNull(back.error());
            assertEquals(3, back.strip(), "the leader places an answer by its strip number");
            assertEquals(11, back.slot());
            assertEquals("{\"job\":1}", back.jobJson());
            assertEquals(image.getClass(), back.pixels().getClass());
            assertEquals(image.getWidth(), back.pixels().getWidth());
            assertEquals(image.getHeight(), back.pixels().getHeight());
            for (int i = 0; i < image.getPixelCount(); i++) {
                assertEquals(image.get(i), back.pixels().get(i), image.getClass().getSimpleName() + " pixel " + i);
            }
        }
    }

    @Test
    void anInvertedLookupTableSurvives() {
        ByteProcessor image = bytes();
        image.invertLut();
        ImageProcessor back = StripMessage.decode(StripMessage.pixels(1, 0, "", image)).pixels();
        assertTrue(back.isInvertedLut(), "binary operations read whether the LUT is inverted");
        byte[] expected = new byte[256];
        byte[] actual = new byte[256];
        ((java.awt.image.IndexColorModel) image.getColorModel()).getReds(expected);
        ((java.awt.image.IndexColorModel) back.getColorModel()).getReds(actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void aHelpersFailureTravelsAsItsReason() {
        StripMessage.Decoded back = StripMessage.decode(StripMessage.error(2, 5,
                "rank 2 could not filter its strip: out of memory"));
        assertNull(back.pixels());
        assertEquals(2, back.strip());
        assertEquals(5, back.slot());
        assertEquals("rank 2 could not filter its strip: out of memory", back.error());
    }

    private static ByteProcessor bytes() {
        byte[] pixels = new byte[37 * 11];
        RANDOM.nextBytes(pixels);
        return new ByteProcessor(37, 11, pixels);
    }

    private static ShortProcessor shorts() {
        short[] pixels = new short[23 * 9];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) RANDOM.nextInt(65536);
        }
        return new ShortProcessor(23, 9, pixels, null);
    }

    private static FloatProcessor floats() {
        float[] pixels = new float[19 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) RANDOM.nextGaussian() * 1e6f;
        }
        pixels[3] = Float.NaN;
        return new FloatProcessor(19, 5, pixels);
    }

    private static ColorProcessor colours() {
        int[] pixels = new int[13 * 7];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = RANDOM.nextInt() | 0xff000000;
        }
        return new ColorProcessor(13, 7, pixels);
    }
}
