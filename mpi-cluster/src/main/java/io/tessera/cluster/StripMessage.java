package io.tessera.cluster;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a strip sent between ranks: the job it belongs to (so that a helper needs nothing
 * else), its pixels, and the lookup table of 8- and 16-bit images, whose inversion some
 * operations read. A helper that fails answers with an error instead of pixels, so that the job
 * ends FAILED with its reason rather than the leader waiting forever.
 *
 * <p>Every message says which strip of the image it carries and a slot: in a strip sent out, the
 * leader's slot to answer to; in an answer, the helper's. Answers may come back in any order (two
 * helpers may be slots of one rank, sending on the same tag), so the leader places each by its
 * strip number.
 *
 * <p>Layout, big-endian: kind byte (0 pixels, 1 error), strip number, slot; for pixels: job JSON length and bytes,
 * pixel type byte (8, 16, 32 or 24 for RGB), width, height, a LUT flag and 3×256 LUT bytes if
 * set, then the pixels; for an error: its UTF-8 length and bytes.
 */
final class StripMessage {
    private static final byte PIXELS = 0;
    private static final byte ERROR = 1;
    /** Kind byte, strip number, slot. */
    private static final int HEADER = 1 + 4 + 4;

    /** A decoded message: strip number, slot, the job's JSON (empty on replies) and pixels, or an error. */
    record Decoded(int strip, int slot, String jobJson, ImageProcessor pixels, String error) {
    }

    private StripMessage() {
    }

    static byte[] pixels(int strip, int slot, String jobJson, ImageProcessor image) {
        byte[] job = jobJson.getBytes(StandardCharsets.UTF_8);
        IndexColorModel lut = image instanceof ColorProcessor || image instanceof FloatProcessor ? null
                : indexed(image.getColorModel());
        // RGB (depth 24) is held as one int per pixel.
        int pixelBytes = image.getPixelCount() * (image.getBitDepth() == 24 ? 4 : image.getBitDepth() / 8);
        ByteBuffer out = ByteBuffer.allocate(HEADER + 4 + job.length + 1 + 8 + 1 + (lut == null ? 0 : 768) + pixelBytes);
        out.put(PIXELS).putInt(strip).putInt(slot).putInt(job.length).put(job).put((byte) image.getBitDepth())
                .putInt(image.getWidth()).putInt(image.getHeight()).put((byte) (lut == null ? 0 : 1));
        if (lut != null) {
            byte[] channel = new byte[256];
            lut.getReds(channel);
            out.put(channel);
            lut.getGreens(channel);
            out.put(channel);
            lut.getBlues(channel);
            out.put(channel);
        }
        switch (image.getBitDepth()) {
            case 8 -> out.put((byte[]) image.getPixels());
            case 16 -> out.asShortBuffer().put((short[]) image.getPixels());
            case 32 -> out.asFloatBuffer().put((float[]) image.getPixels());
            case 24 -> out.asIntBuffer().put((int[]) image.getPixels());
            default -> throw new IllegalArgumentException("unknown pixel depth " + image.getBitDepth());
        }
        return out.array();
    }

    static byte[] error(int strip, int slot, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER + 4 + text.length).put(ERROR).putInt(strip).putInt(slot).putInt(text.length)
                .put(text).array();
    }

    static Decoded decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte kind = in.get();
        int strip = in.getInt();
        int slot = in.getInt();
        if (kind == ERROR) {
            byte[] text = new byte[in.getInt()];
            in.get(text);
            return new Decoded(strip, slot, "", null, new String(text, StandardCharsets.UTF_8));
        }
        byte[] job = new byte[in.getInt()];
        in.get(job);
        int depth = in.get();
        int width = in.getInt();
        int height = in.getInt();
        IndexColorModel lut = null;
        if (in.get() == 1) {
            byte[] r = new byte[256];
            byte[] g = new byte[256];
            byte[] b = new byte[256];
            in.get(r).get(g).get(b);
            lut = new IndexColorModel(8, 256, r, g, b);
        }
        int count = width * height;
        ImageProcessor image = switch (depth) {
            case 8 -> {
                byte[] pixels = new byte[count];
                in.get(pixels);
                yield new ByteProcessor(width, height, pixels, lut);
            }
            case 16 -> {
                short[] pixels = new short[count];
                in.asShortBuffer().get(pixels);
                yield new ShortProcessor(width, height, pixels, lut);
            }
            case 32 -> {
                float[] pixels = new float[count];
                in.asFloatBuffer().get(pixels);
                yield new FloatProcessor(width, height, pixels, null);
            }
            case 24 -> {
                int[] pixels = new int[count];
                in.asIntBuffer().get(pixels);
                yield new ColorProcessor(width, height, pixels);
            }
            default -> throw new IllegalArgumentException("unknown pixel depth " + depth);
        };
        return new Decoded(strip, slot, new String(job, StandardCharsets.UTF_8), image, null);
    }

    private static IndexColorModel indexed(ColorModel model) {
        return model instanceof IndexColorModel index && index.getMapSize() == 256 ? index : null;
    }
}
