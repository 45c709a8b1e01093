package io.tessera.ops.imagej;

import ar.com.hjg.pngj.FilterType;
import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineByte;
import ar.com.hjg.pngj.PngWriter;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * PNG for 8-bit gray and RGB results, through PNGJ with libpng's fast settings. The JDK's writer
 * deflates at level 4 and filters no row (its adaptive filter runs for palette images only), which
 * made encoding most of a job's time; a SUB filter and level 1 with Huffman coding only, as OpenCV
 * gives libpng, are 3–4× faster at about the same size. The pixels are the same either way.
 */
final class PngEncoder {
    /** The fastest level; higher ones (2–9) use zlib's default strategy: smaller files, slower. */
    static final int FASTEST = 1;

    private PngEncoder() {
    }

    /** Whether {@link #encode} writes this image; 8-bit images with a colour or inverting LUT are left to ImageIO. */
    static boolean handles(ImageProcessor ip) {
        return ip instanceof ColorProcessor || ip.getBitDepth() == 8 && ip.isDefaultLut() && !ip.isInvertedLut();
    }

    static byte[] encode(ImageProcessor ip, int level) {
        boolean rgb = ip instanceof ColorProcessor;
        ByteArrayOutputStream out = new ByteArrayOutputStream(ip.getWidth() * ip.getHeight() * (rgb ? 3 : 1) / 2 + 1024);
        encode(ip, level, out);
        return out.toByteArray();
    }

    /** Writes the PNG to {@code out} row by row: nothing the size of the image is held besides its pixels. */
    static void encode(ImageProcessor ip, int level, java.io.OutputStream out) {
        boolean rgb = ip instanceof ColorProcessor;
        int width = ip.getWidth();
        int height = ip.getHeight();
        ImageInfo info = new ImageInfo(width, height, 8, false, !rgb, false);
        PngWriter png = new PngWriter(out, info);
        png.setShouldCloseStream(false);
        png.setCompLevel(level);
        png.setFilterType(FilterType.FILTER_SUB);
        if (level <= FASTEST) {
            png.getPixelsWriter().setDeflaterStrategy(Deflater.HUFFMAN_ONLY);
        }
        ImageLineByte line = new ImageLineByte(info);
        byte[] row = line.getScanline();
        if (rgb) {
            int[] pixels = (int[]) ip.getPixels();
            for (int y = 0; y < height; y++) {
                for (int x = 0, i = y * width, j = 0; x < width; x++, i++) {
                    int c = pixels[i];
                    row[j++] = (byte) (c >> 16);
                    row[j++] = (byte) (c >> 8);
                    row[j++] = (byte) c;
                }
                png.writeRow(line);
            }
        } else {
            byte[] pixels = (byte[]) ip.getPixels();
            for (int y = 0; y < height; y++) {
                System.arraycopy(pixels, y * width, row, 0, width);
                png.writeRow(line);
            }
        }
        png.end();
    }
}
