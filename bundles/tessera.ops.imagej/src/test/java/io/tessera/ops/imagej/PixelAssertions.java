package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.process.ImageProcessor;

/** Pixel-for-pixel equality, reporting the first pixel that differs. */
public final class PixelAssertions {
    private PixelAssertions() {
    }

    public static void assertPixelsEqual(ImageProcessor expected, ImageProcessor actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what + ": width");
        assertEquals(expected.getHeight(), actual.getHeight(), what + ": height");
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (expected.getPixel(x, y) != actual.getPixel(x, y)) {
                    assertArrayEquals(new int[] {x, y, expected.getPixel(x, y)},
                            new int[] {x, y, actual.getPixel(x, y)}, what + ": first differing pixel");
                }
            }
        }
    }
}
