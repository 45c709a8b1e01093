package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineByte;
import ar.com.hjg.pngj.PngReaderByte;
import ar.com.hjg.pngj.PngWriter;
import java.nio.file.Path;

/**
 * Square PNGs whose every pixel follows a formula, written and checked one row at a time: an
 * image of hundreds of megapixels without a test that needs the memory it is about.
 */
final class LimitImages {
    private LimitImages() {
    }

    /** Detail everywhere (no flat area a wrong strip could hide in), and still compressible. */
    static int sample(int x, int y, int channel) {
        return (x * (channel + 1) + 3 * y + ((x ^ y) >> 4)) & 0xff;
    }

    static Path write(Path file, int side, boolean rgb) {
        ImageInfo info = new ImageInfo(side, side, 8, false, !rgb, false);
        PngWriter png = new PngWriter(file.toFile(), info);
        png.setCompLevel(1);
        ImageLineByte line = new ImageLineByte(info);
        byte[] row = line.getScanline();
        int channels = rgb ? 3 : 1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                for (int c = 0; c < channels; c++) {
                    row[x * channels + c] = (byte) sample(x, y, c);
                }
            }
            png.writeRow(line);
        }
        png.end();
        return file;
    }

    /** Every pixel of {@code file} is 255 minus the formula's. */
    static void assertInverted(Path file, int side, boolean rgb) {
        PngReaderByte png = new PngReaderByte(file.toFile());
        try {
            assertEquals(side, png.imgInfo.cols, file + ": width");
            assertEquals(side, png.imgInfo.rows, file + ": height");
            assertEquals(rgb ? 3 : 1, png.imgInfo.channels, file + ": channels");
            int channels = png.imgInfo.channels;
            for (int y = 0; y < side; y++) {
                byte[] row = ((ImageLineByte) png.readRow()).getScanline();
                for (int x = 0; x < side; x++) {
                    for (int c = 0; c < channels; c++) {
                        int actual = row[x * channels + c] & 0xff;
                        if (actual != 255 - sample(x, y, c)) {
                            assertEquals(255 - sample(x, y, c), actual, file + " at " + x + "," + y + " channel " + c);
                        }
                    }
                }
            }
        } finally {
            png.close();
        }
    }
}
