package io.tessera.ops.imagej;

import ar.com.hjg.pngj.IImageLine;
import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineByte;
import ar.com.hjg.pngj.ImageLineInt;
import ar.com.hjg.pngj.PngReader;
import ar.com.hjg.pngj.PngReaderByte;
import ar.com.hjg.pngj.chunks.PngChunk;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.ByteArrayInputStream;
import java.util.Set;

/**
 * PNG decoding through PNGJ, for the layouts ImageJ keeps as they are: 8-bit gray, 16-bit gray and
 * 8-bit RGB, neither interlaced nor transparent. The JDK's reader unpacks RGB pixel by pixel through
 * colour models (18 MP/s here, against libpng's 48); PNGJ unfilters rows into arrays at libpng's
 * speed, and the samples are the same, since none of these layouts has anything to convert. Every
 * other PNG (palette, alpha, transparency, fewer than 8 bits, an ICC profile, interlaced) is left to
 * ImageIO and ImageJ's conversions, which is where those are defined.
 *
 * <p>Stricter than the JDK: every chunk's CRC is checked, so a PNG whose image data was damaged is
 * refused, where the JDK's reader would decode whatever the damaged data inflates to.
 */
final class PngDecoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * Chunks before the image data that change nothing in the samples ImageIO reads: colour-space
     * information it does not apply (an ICC profile included: four of the test samples carry one),
     * resolution, text, time, background. Any other (tRNS, sBIT, an unknown one) sends the file to
     * ImageIO, whose reading of it defines what ImageJ opens.
     */
    private static final Set<String> NEUTRAL_CHUNKS = Set.of("IHDR", "gAMA", "cHRM", "sRGB", "iCCP", "pHYs", "tEXt",
            "zTXt", "iTXt", "tIME", "bKGD");

    private static final int COLOR_GRAY = 0;
    private static final int COLOR_RGB = 2;

    private PngDecoder() {
    }

    /**
     * Whether the bytes are a PNG whose header declares a layout this decoder reads: read from the
     * header's bytes, so that every other file goes to ImageIO without a PNGJ reader made for nothing.
     */
    static boolean readsLayoutOf(byte[] bytes) {
        if (bytes.length < 33) { // signature and a whole IHDR chunk
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        boolean ihdr = bytes[12] == 'I' && bytes[13] == 'H' && bytes[14] == 'D' && bytes[15] == 'R';
        int bitDepth = bytes[24];
        int colorType = bytes[25];
        int interlace = bytes[28];
        return ihdr && interlace == 0 && (colorType == COLOR_GRAY && (bitDepth == 8 || bitDepth == 16)
                || colorType == COLOR_RGB && bitDepth == 8);
    }

    /** The width and height the header declares (unsigned 32-bit numbers), for the pixel limit. */
    static long width(byte[] bytes) {
        return java.nio.ByteBuffer.wrap(bytes, 16, 4).getInt() & 0xffffffffL;
    }

    static long height(byte[] bytes) {
        return java.nio.ByteBuffer.wrap(bytes, 20, 4).getInt() & 0xffffffffL;
    }

    /**
     * The image's pixels, or null when a chunk before its data is one this decoder leaves to ImageIO.
     * Call only when {@link #readsLayoutOf} is true and the size is within the limit.
     *
     * @throws ar.com.hjg.pngj.PngjException when the file is damaged or incomplete
     */
    static ImageProcessor decode(byte[] bytes) {
        boolean sixteenBits = bytes[24] == 16;
        // Byte rows for 8-bit samples (no widening to int), int rows for 16-bit ones.
        PngReader png = sixteenBits ? new PngReader(new ByteArrayInputStream(bytes))
                : new PngReaderByte(new ByteArrayInputStream(bytes));
        try {
            // The whole file is in memory already: PNGJ's guards against reading too much of a
            // stream would only refuse large images, and skipping a large chunk unread would hide it
            // from the check below.
            png.setMaxTotalBytesRead(Long.MAX_VALUE);
            png.setMaxBytesMetadata(Long.MAX_VALUE);
            png.setSkipChunkMaxSize(Long.MAX_VALUE);
            for (PngChunk chunk : png.getChunksList().getChunks()) {
                if (!NEUTRAL_CHUNKS.contains(chunk.id)) {
                    return null;
                }
            }
            ImageInfo info = png.imgInfo;
            ImageProcessor pixels = info.channels == 3 ? rgb(png, info) : sixteenBits ? gray16(png, info) : gray8(png, info);
            png.end(); // reads on to IEND, checking the remaining chunks' CRCs
            return pixels;
        } finally {
            png.close();
        }
    }

    private static ImageProcessor gray8(PngReader png, ImageInfo info) {
        int width = info.cols;
        byte[] pixels = new byte[width * info.rows];
        for (int y = 0; y < info.rows; y++) {
            System.arraycopy(((ImageLineByte) png.readRow()).getScanline(), 0, pixels, y * width, width);
        }
        return new ByteProcessor(width, info.rows, pixels);
    }

    private static ImageProcessor gray16(PngReader png, ImageInfo info) {
        int width = info.cols;
        short[] pixels = new short[width * info.rows];
        for (int y = 0; y < info.rows; y++) {
            int[] row = ((ImageLineInt) png.readRow()).getScanline();
            for (int x = 0, i = y * width; x < width; x++, i++) {
                pixels[i] = (short) row[x];
            }
        }
        return new ShortProcessor(width, info.rows, pixels, null);
    }

    private static ImageProcessor rgb(PngReader png, ImageInfo info) {
        int width = info.cols;
        int[] pixels = new int[width * info.rows];
        for (int y = 0; y < info.rows; y++) {
            IImageLine line = png.readRow();
            byte[] row = ((ImageLineByte) line).getScanline();
            for (int x = 0, i = y * width, j = 0; x < width; x++, i++, j += 3) {
                // opaque, as ImageJ's own RGB images are
                pixels[i] = 0xff000000 | (row[j] & 0xff) << 16 | (row[j + 1] & 0xff) << 8 | row[j + 2] & 0xff;
            }
        }
        return new ColorProcessor(width, info.rows, pixels);
    }
}
