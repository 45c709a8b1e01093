package io.tessera.ops.imagej;

import ij.io.FileInfo;
import ij.io.ImageReader;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * 16-bit and 32-bit float TIFFs through ImageJ's own reader, the one ImageJ opens them with: for
 * uncompressed samples it copies bytes into the array, several times faster than ImageIO's TIFF
 * reader with its rasters ({@code ./tessera bench codecs} prints both). This is the layout Tessera writes its 16- and 32-bit results
 * in, so every step of a pipeline split across jobs reads its predecessor's result this way.
 * Everything else (8-bit and RGB TIFFs, compression, tiles, several images, inverted or signed
 * samples) is left to ImageIO, whose reading defines those.
 *
 * <p>ImageJ's reader fills missing bytes with zeros without a word, so a file is read here only
 * when its header puts every sample inside the bytes at hand; a truncated file goes to ImageIO,
 * which refuses it.
 */
final class DeepTiffDecoder {
    private DeepTiffDecoder() {
    }

    /** Whether the bytes start as a classic TIFF, either byte order (a BigTIFF is ImageIO's). */
    static boolean isTiff(byte[] bytes) {
        return bytes.length >= 8 && (bytes[0] == 'I' && bytes[1] == 'I' && bytes[2] == 42 && bytes[3] == 0
                || bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 && bytes[3] == 42);
    }

    /**
     * The header of a TIFF this decoder reads, or null when it leaves the file to ImageIO (ImageJ's
     * parser refusing it included: a tiled TIFF, for one).
     */
    static FileInfo plainHeader(byte[] bytes) {
        FileInfo[] infos;
        try {
            infos = new ij.io.TiffDecoder(new ByteArrayInputStream(bytes), "tiff").getTiffInfo();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (infos == null || infos.length != 1) {
            return null;
        }
        FileInfo info = infos[0];
        boolean deep = info.fileType == FileInfo.GRAY16_UNSIGNED || info.fileType == FileInfo.GRAY32_FLOAT;
        if (!deep || info.nImages != 1 || info.compression != FileInfo.COMPRESSION_NONE || info.whiteIsZero
                || info.samplesPerPixel > 1 || info.width <= 0 || info.height <= 0) {
            return null;
        }
        return inside(info, bytes.length) ? info : null;
    }

    /**
     * Whether every sample lies within {@code length} bytes where ImageJ's reader looks for it: from
     * the first strip on, contiguously (which is how it reads uncompressed strips).
     */
    private static boolean inside(FileInfo info, int length) {
        long first = info.getOffset();
        long bytes = (long) info.width * info.height * info.getBytesPerPixel();
        if (info.stripOffsets != null && info.stripOffsets.length > 1) {
            for (int i = 1; i < info.stripOffsets.length; i++) {
                if (info.stripLengths == null || (info.stripOffsets[i] & 0xffffffffL)
                        != (info.stripOffsets[i - 1] & 0xffffffffL) + (info.stripLengths[i - 1] & 0xffffffffL)) {
                    return false;
                }
            }
        }
        return first >= 8 && first + bytes <= length;
    }

    /** The pixels of a file whose {@link #plainHeader} was not null. */
    static ImageProcessor decode(byte[] bytes, FileInfo info) {
        Object pixels = new ImageReader(info).readPixels(new ByteArrayInputStream(bytes));
        if (pixels instanceof short[] shorts) {
            return new ShortProcessor(info.width, info.height, shorts, null);
        }
        if (pixels instanceof float[] floats) {
            return new FloatProcessor(info.width, info.height, floats, null);
        }
        throw new IllegalStateException("ImageJ's reader returned " + pixels + " for a " + info.width + "×"
                + info.height + " TIFF of type " + info.fileType);
    }
}
