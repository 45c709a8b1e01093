package io.tessera.ui.parts;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.ops.imagej.UnreadableImageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
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

    private final Map<Path, Facts> known = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<Path> wanted = new LinkedBlockingDeque<>();
    private final java.util.function.Consumer<Path> onNews;
    private final Display display;
    private final Job reader;

    /** @param onNews told, on the reader's thread, of each file whose facts are now known */
    ImageFacts(Display display, java.util.function.Consumer<Path> onNews) {
        this.display = display;
        this.onNews = onNews;
        this.reader = Job.create("Reading image thumbnails", monitor -> {
            for (Path file; !monitor.isCanceled() && (file = wanted.pollFirst()) != null;) {
                if (!known.containsKey(file)) {
                    known.put(file, read(file));
                    onNews.accept(file);
                }
            }
            return Status.OK_STATUS;
        });
        reader.setSystem(true);
    }

    /** The facts of {@code file}, or null while they are being read (they are asked for now). */
    Facts get(Path file) {
        Facts facts = known.get(file);
        if (facts == null && !wanted.contains(file)) {
            wanted.addFirst(file); // the rows a user looks at now come first
            reader.schedule();
        }
        return facts;
    }

    /** Forgets a file that left the list, and frees its thumbnail. */
    void forget(Path file) {
        wanted.remove(file);
        Facts facts = known.remove(file);
        if (facts != null && facts.thumbnail() != null) {
            facts.thumbnail().dispose();
        }
    }

    void dispose() {
        wanted.clear();
        reader.cancel();
        known.values().forEach(f -> {
            if (f.thumbnail() != null) {
                f.thumbnail().dispose();
            }
        });
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
