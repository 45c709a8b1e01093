package io.tessera.ui.parts;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.ops.imagej.UnreadableImageException;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Display;

/**
 * What the upload view shows of each file — dimensions, pixel type, a thumbnail, or why it cannot
 * be read — worked out by one background Job, newest request first, and kept. The UI thread only
 * asks and is told when more is known.
 */
final class ImageFacts {
    static final int THUMBNAIL = 48;

    /** One file as far as it is known: a problem, or dimensions, pixel type and thumbnail. */
    record Facts(int width, int height, String pixelType, Image thumbnail, String problem) {
        String dimensions() {
            return problem != null ? "" : width + " × " + height;
        }
    }

    private final NewestFirstLoader<Path, Facts> loader;
    private final Display display;

    /** @param onNews told, on the reader's thread, of each file whose facts are now known */
    ImageFacts(Display display, java.util.function.Consumer<Path> onNews) {
        this.display = display;
        // Every file of the list is kept: a 48-pixel thumbnail is 7 kB, ten thousand 70 MB.
        this.loader = new NewestFirstLoader<>("Reading image thumbnails", Integer.MAX_VALUE, this::read, onNews,
                ImageFacts::free);
    }

    /** The facts of {@code file}, or null while they are being read (they are asked for now). */
    Facts get(Path file) {
        return loader.get(file);
    }

    /** Forgets a file that left the list, and frees its thumbnail. */
    void forget(Path file) {
        loader.forget(file);
    }

    void dispose() {
        loader.dispose();
    }

    private static void free(Facts facts) {
        if (facts.thumbnail() != null) {
            facts.thumbnail().dispose();
        }
    }

    /**
     * The thumbnail becomes an SWT image here, off the UI thread (SWT allows that for images):
     * converting pixels for the screen is the slow part, and a hundred of them at once froze the
     * window for a quarter of a second.
     */
    private Facts read(Path file) {
        try {
            ImagePlus imp = ScreenImages.decode(file);
            ImageProcessor small = ScreenImages.shrunk(imp.getProcessor(), THUMBNAIL);
            return new Facts(imp.getWidth(), imp.getHeight(), pixelType(imp),
                    new Image(display, ScreenImages.toImageData(small)), null);
        } catch (IOException | UnreadableImageException | OutOfMemoryError e) {
            return new Facts(0, 0, "", null, "cannot be read: " + e.getMessage());
        }
    }

    static String pixelType(ImagePlus imp) {
        return switch (imp.getBitDepth()) {
            case 24 -> "RGB";
            case 8 -> imp.getProcessor().isBinary() ? "8-bit (binary)" : "8-bit";
            default -> imp.getBitDepth() + "-bit";
        };
    }
}
