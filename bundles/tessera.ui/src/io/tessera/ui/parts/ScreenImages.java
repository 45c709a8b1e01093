package io.tessera.ui.parts;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.tessera.ops.imagej.ImageCodec;
import io.tessera.ops.imagej.UnreadableImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;

/**
 * Images on their way to the screen, as the editor, the upload view's thumbnails and the palette's
 * preview all need them: decoded with one size limit, scaled down, and turned into SWT pixels.
 */
final class ScreenImages {
    /** Big enough for real images, small enough that a bogus header cannot exhaust the heap. */
    static final long MAX_PIXELS = 250_000_000L;

    private ScreenImages() {
    }

    static ImagePlus decode(Path file) throws IOException, UnreadableImageException {
        return decode(Files.readAllBytes(file), file.getFileName().toString());
    }

    static ImagePlus decode(byte[] bytes, String name) throws UnreadableImageException {
        return new ImageCodec(MAX_PIXELS).decode(bytes, name);
    }

    /** A copy whose longest side is at most {@code side}, bilinear; the image itself when already that small. */
    static ImageProcessor shrunk(ImageProcessor ip, int side) {
        double scale = (double) side / Math.max(ip.getWidth(), ip.getHeight());
        if (scale >= 1) {
            return ip;
        }
        ip.setInterpolationMethod(ImageProcessor.BILINEAR);
        return ip.resize(Math.max(1, (int) Math.round(ip.getWidth() * scale)),
                Math.max(1, (int) Math.round(ip.getHeight() * scale)), true);
    }

    /** ImageJ pixels to SWT: RGB stays RGB; everything else is shown as 8-bit gray through its display range. */
    static ImageData toImageData(ImageProcessor ip) {
        int w = ip.getWidth();
        int h = ip.getHeight();
        if (ip instanceof ColorProcessor color) {
            ImageData data = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
            int[] pixels = (int[]) color.getPixels();
            for (int y = 0; y < h; y++) {
                data.setPixels(0, y, w, pixels, y * w);
            }
            return data;
        }
        RGB[] gray = new RGB[256];
        for (int i = 0; i < 256; i++) {
            gray[i] = new RGB(i, i, i);
        }
        ImageData data = new ImageData(w, h, 8, new PaletteData(gray));
        byte[] pixels = (byte[]) ip.convertToByteProcessor().getPixels();
        for (int y = 0; y < h; y++) {
            data.setPixels(0, y, w, pixels, y * w);
        }
        return data;
    }
}
