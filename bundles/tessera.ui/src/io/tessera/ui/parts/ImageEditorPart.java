package io.tessera.ui.parts;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.tessera.ops.imagej.ImageCodec;
import io.tessera.ops.imagej.UnreadableImageException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * Shows one image, scaled to fit. Decoding runs in a Job with ImageJ (so 16- and 32-bit images
 * open too, shown through ImageJ's display range); only the finished SWT image touches the UI.
 */
public final class ImageEditorPart {
    /** Big enough for real images, small enough that a bogus header cannot exhaust the heap. */
    private static final long MAX_PIXELS = 250_000_000L;

    @Inject
    private UISynchronize ui;

    private Label info;
    private Canvas canvas;
    private Image image;

    @PostConstruct
    void create(Composite parent, MPart part) {
        parent.setLayout(new GridLayout(1, false));
        info = WidgetIds.tag(new Label(parent, SWT.NONE), "editor.info");
        info.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        canvas = WidgetIds.tag(new Canvas(parent, SWT.DOUBLE_BUFFERED), "editor.canvas");
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.addPaintListener(e -> {
            if (image == null) {
                return;
            }
            Rectangle area = canvas.getClientArea();
            Rectangle size = image.getBounds();
            double scale = Math.min(1.0, Math.min((double) area.width / size.width, (double) area.height / size.height));
            int w = (int) Math.round(size.width * scale);
            int h = (int) Math.round(size.height * scale);
            e.gc.drawImage(image, 0, 0, size.width, size.height, (area.width - w) / 2, (area.height - h) / 2, w, h);
        });
        Path file = Path.of(part.getPersistedState().get(ImageEditors.FILE_KEY));
        info.setText("Opening " + file.getFileName() + " …");
        Job.create("Opening " + file.getFileName(), monitor -> {
            try {
                ImagePlus imp = new ImageCodec(MAX_PIXELS).decode(Files.readAllBytes(file), file.getFileName().toString());
                ImageData data = toImageData(imp.getProcessor());
                String text = file.getFileName() + " — " + imp.getWidth() + " × " + imp.getHeight() + " px, "
                        + (imp.getBitDepth() == 24 ? "RGB" : imp.getBitDepth() + "-bit");
                ui.asyncExec(() -> show(data, text));
            } catch (IOException | UnreadableImageException e) {
                ui.asyncExec(() -> show(null, "Cannot open " + file.getFileName() + ": " + e.getMessage()));
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    @PreDestroy
    void dispose() {
        if (image != null) {
            image.dispose();
        }
    }

    private void show(ImageData data, String text) {
        if (canvas.isDisposed()) {
            return;
        }
        if (data != null) {
            image = new Image(canvas.getDisplay(), data);
            canvas.setData("tessera.imageSize", new int[] {data.width, data.height});
        }
        info.setText(text);
        info.getParent().layout();
        canvas.redraw();
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
