package io.tessera.ui.parts;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.Provenance;
import io.tessera.ops.imagej.UnreadableImageException;
import io.tessera.ui.session.Connection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Text;

/**
 * Shows one image: fit to the window or at any zoom (1:1, buttons, the mouse wheel zooming around
 * the cursor), panned by dragging; the value of the pixel under the cursor; a histogram; and for
 * 16- and 32-bit images a display range the user can set (ImageJ's contrast stretch).
 *
 * <p>Nothing slow runs on the UI thread: decoding, converting for the screen and building the SWT
 * image all happen in a Job (SWT allows images to be made off the UI thread), so that a
 * 40-megapixel image opens without the window freezing. A screen-sized preview is drawn when
 * zoomed out, and only the visible part of the full image when zoomed in.
 */
public final class ImageEditorPart {
    /** The longest side of the preview drawn when zoomed out: a 40 MP image is not scaled at each paint. */
    private static final int PREVIEW_SIDE = 2048;
    private static final double WHEEL_STEP = 1.25;

    private Display display;
    private Label info;
    private Canvas canvas;
    private CLabel pixel;
    private Canvas histogram;
    private Text rangeMin;
    private Text rangeMax;
    private Button applyRange;
    private Button autoRange;
    private Label zoomLabel;
    private Button compare;
    private Scale split;
    @Inject
    private Connection connection;
    /** The input a result was made from, shown left of the split when comparing. */
    private ImageProcessor beforeIp;
    private Rendering before;
    private boolean comparing;
    private Path file;

    /** The decoded pixels, kept for the values under the cursor and for new display ranges. */
    private ImageProcessor ip;
    private Image image;
    private Image preview;
    private int[] histogramCounts;
    /** 0 means "fit the window"; otherwise screen pixels per image pixel. */
    private double zoom;
    /** The image point at the view's top-left corner, when not fitting. */
    private double originX;
    private double originY;
    private int dragX = -1;
    private int dragY = -1;

    @PostConstruct
    void create(Composite parent, MPart part) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(2, false));
        info = WidgetIds.tag(new Label(parent, SWT.NONE), "editor.info");
        info.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        createToolbar(parent);
        canvas = WidgetIds.tag(new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND), "editor.canvas");
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        canvas.addListener(SWT.MouseDown, e -> {
            dragX = e.x;
            dragY = e.y;
        });
        canvas.addListener(SWT.MouseUp, e -> dragX = -1);
        canvas.addListener(SWT.MouseMove, this::mouseMoved);
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
        createSidePanel(parent);

        file = Path.of(part.getPersistedState().get(ImageEditors.FILE_KEY));
        compare.setEnabled(Files.isRegularFile(provenanceOf(file)));
        info.setText("Opening " + file.getFileName() + " …");
        Job.create("Opening " + file.getFileName(), monitor -> {
            try {
                ImagePlus imp = ScreenImages.decode(file);
                ImageProcessor decoded = imp.getProcessor();
                Rendering rendering = render(decoded);
                int[] counts = histogramOf(decoded);
                String text = file.getFileName() + " — " + imp.getWidth() + " × " + imp.getHeight() + " px, "
                        + ImageFacts.pixelType(imp);
                Later.onUi(canvas, () -> show(decoded, rendering, counts, text));
            } catch (IOException | UnreadableImageException | OutOfMemoryError e) {
                Later.onUi(canvas, () -> showProblem("Cannot open " + file.getFileName() + ": " + e.getMessage()));
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    @PreDestroy
    void dispose() {
        disposeImages();
        if (before != null) {
            before.dispose();
        }
    }

    private static Path provenanceOf(Path result) {
        return result.resolveSibling(result.getFileName() + Provenance.SUFFIX);
    }

    /**
     * Before/after: the first time, the input is fetched from the bucket (the provenance record
     * names it) and decoded in a Job; then the slider shows input and result in one view, so that
     * zoom and pan always stay in step.
     */
    private void toggleCompare() {
        if (before != null || comparing) {
            comparing = !comparing;
            showCompare();
            return;
        }
        compare.setEnabled(false);
        pixel.setText("Fetching the input …");
        Job.create("Fetching the input of " + file.getFileName(), monitor -> {
            try {
                Provenance provenance = JobCodec.decodeProvenance(Files.readString(provenanceOf(file)));
                byte[] bytes = connection.readObject(provenance.inputKey());
                ImageProcessor input = ScreenImages.decode(bytes, provenance.inputKey()).getProcessor();
                Rendering rendering = render(input);
                Later.onUi(canvas, () -> {
                    beforeIp = input;
                    before = rendering;
                    comparing = true;
                    compare.setEnabled(true);
                    showCompare();
                });
            } catch (IOException | UnreadableImageException | io.tessera.core.job.ProtocolException | OutOfMemoryError e) {
                Later.onUi(canvas, () -> {
                    compare.setEnabled(true);
                    pixel.setText("No before/after: " + e.getMessage());
                });
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    private void showCompare() {
        split.setVisible(comparing);
        canvas.setData("tessera.comparing", comparing);
        pixel.setText(comparing ? "Before (input) left of the slider, after (result) right" : "");
        canvas.redraw();
    }

    private void createToolbar(Composite parent) {
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        bar.setLayout(new GridLayout(8, false));
        button(bar, "editor.fit", "Fit", "Fit the window").addListener(SWT.Selection, e -> setZoom(0, null));
        button(bar, "editor.actualSize", "1:1", "One screen pixel per image pixel").addListener(SWT.Selection,
                e -> setZoom(1, null));
        button(bar, "editor.zoomOut", "−", "Zoom out (or the mouse wheel)").addListener(SWT.Selection,
                e -> setZoom(currentScale() / WHEEL_STEP, null));
        button(bar, "editor.zoomIn", "+", "Zoom in (or the mouse wheel); drag to pan").addListener(SWT.Selection,
                e -> setZoom(currentScale() * WHEEL_STEP, null));
        zoomLabel = WidgetIds.tag(new Label(bar, SWT.NONE), "editor.zoom");
        zoomLabel.setLayoutData(new GridData(70, SWT.DEFAULT));
        compare = button(bar, "editor.compare", "Before/after",
                "Show the input this result was made from left of a slider, the result right of it");
        compare.setEnabled(false);
        compare.addListener(SWT.Selection, e -> toggleCompare());
        split = WidgetIds.tag(new Scale(bar, SWT.HORIZONTAL), "editor.split");
        split.setMinimum(0);
        split.setMaximum(100);
        split.setSelection(50);
        split.setToolTipText("Where the input ends and the result begins");
        split.setLayoutData(new GridData(140, SWT.DEFAULT));
        split.setVisible(false);
        split.addListener(SWT.Selection, e -> canvas.redraw());
        pixel = WidgetIds.tag(new CLabel(bar, SWT.NONE), "editor.pixel");
        pixel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    }

    private void createSidePanel(Composite parent) {
        Composite side = new Composite(parent, SWT.NONE);
        side.setLayoutData(new GridData(SWT.FILL, SWT.FILL, false, true));
        side.setLayout(new GridLayout(2, false));
        Label title = new Label(side, SWT.NONE);
        title.setText("Histogram");
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        histogram = WidgetIds.tag(new Canvas(side, SWT.BORDER | SWT.DOUBLE_BUFFERED), "editor.histogram");
        histogram.setLayoutData(new GridData(258, 120));
        ((GridData) histogram.getLayoutData()).horizontalSpan = 2;
        histogram.addPaintListener(e -> paintHistogram(e.gc));
        Label range = new Label(side, SWT.WRAP);
        range.setText("Display range (16- and 32-bit)");
        range.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        new Label(side, SWT.NONE).setText("Min");
        rangeMin = WidgetIds.tag(new Text(side, SWT.BORDER), "editor.rangeMin");
        rangeMin.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(side, SWT.NONE).setText("Max");
        rangeMax = WidgetIds.tag(new Text(side, SWT.BORDER), "editor.rangeMax");
        rangeMax.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        applyRange = button(side, "editor.applyRange", "Apply", "Show the pixels between Min and Max as black to white");
        applyRange.addListener(SWT.Selection, e -> applyRange());
        autoRange = button(side, "editor.autoRange", "Auto", "The darkest pixel black, the brightest white");
        autoRange.addListener(SWT.Selection, e -> {
            if (ip != null) {
                ip.resetMinAndMax();
                showRange();
                rerender();
            }
        });
        rangeMin.addListener(SWT.DefaultSelection, e -> applyRange());
        rangeMax.addListener(SWT.DefaultSelection, e -> applyRange());
        setRangeEnabled(false);
    }

    private Button button(Composite parent, String id, String text, String tooltip) {
        Button button = WidgetIds.tag(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.setToolTipText(tooltip);
        return button;
    }

    private void show(ImageProcessor decoded, Rendering rendering, int[] counts, String text) {
        ip = decoded;
        histogramCounts = counts;
        swapImages(rendering);
        canvas.setData("tessera.imageSize", new int[] {decoded.getWidth(), decoded.getHeight()});
        histogram.setData("tessera.histogram", counts);
        info.setText(text);
        boolean adjustable = !(decoded instanceof ColorProcessor) && decoded.getBitDepth() != 8;
        setRangeEnabled(adjustable);
        showRange();
        info.getParent().layout();
        histogram.redraw();
        setZoom(0, null);
    }

    private void showProblem(String text) {
        info.setText(text);
        info.getParent().layout();
    }

    private void setRangeEnabled(boolean enabled) {
        for (org.eclipse.swt.widgets.Control control : new org.eclipse.swt.widgets.Control[] {rangeMin, rangeMax,
            applyRange, autoRange}) {
            control.setEnabled(enabled);
        }
    }

    private void showRange() {
        rangeMin.setText(number(ip.getMin()));
        rangeMax.setText(number(ip.getMax()));
        canvas.setData("tessera.displayRange", new double[] {ip.getMin(), ip.getMax()});
    }

    private void applyRange() {
        if (ip == null) {
            return;
        }
        double min;
        double max;
        try {
            min = Double.parseDouble(rangeMin.getText().strip());
            max = Double.parseDouble(rangeMax.getText().strip());
        } catch (NumberFormatException e) {
            pixel.setText("Min and Max must be numbers");
            return;
        }
        if (!(min < max)) {
            pixel.setText("Min must be below Max");
            return;
        }
        ip.setMinAndMax(min, max);
        showRange();
        rerender();
    }

    /** A new display range: the screen image is made again, in the background. */
    private void rerender() {
        ImageProcessor source = ip;
        double[] range = {ip.getMin(), ip.getMax()};
        Job.create("Showing the new display range", monitor -> {
            Rendering rendering = render(source);
            Later.onUi(canvas, () -> {
                swapImages(rendering);
                canvas.setData("tessera.renderedRange", range);
                canvas.redraw();
            });
            return Status.OK_STATUS;
        }).schedule();
    }

    private record Rendering(Image full, Image preview) {
        void dispose() {
            full.dispose();
            if (preview != null) {
                preview.dispose();
            }
        }
    }

    /** The SWT images for the screen: the whole image, and a preview no larger than {@value #PREVIEW_SIDE} px. */
    private Rendering render(ImageProcessor source) {
        Image full = new Image(display, ScreenImages.toImageData(source));
        if (Math.max(source.getWidth(), source.getHeight()) <= PREVIEW_SIDE) {
            return new Rendering(full, null);
        }
        return new Rendering(full, new Image(display, ScreenImages.toImageData(ScreenImages.shrunk(source, PREVIEW_SIDE))));
    }

    private void swapImages(Rendering rendering) {
        disposeImages();
        image = rendering.full();
        preview = rendering.preview();
    }

    private void disposeImages() {
        for (Image old : new Image[] {image, preview}) {
            if (old != null) {
                old.dispose();
            }
        }
        image = null;
        preview = null;
    }

    /** Screen pixels per image pixel now. */
    private double currentScale() {
        if (ip == null) {
            return 1;
        }
        if (zoom > 0) {
            return zoom;
        }
        Rectangle area = canvas.getClientArea();
        return Math.min(1.0, Math.min((double) area.width / ip.getWidth(), (double) area.height / ip.getHeight()));
    }

    /**
     * Zooms to {@code scale} (0: fit), keeping the image point under {@code anchor} (a point on the
     * canvas) where it is; without an anchor, the centre of the view.
     */
    private void setZoom(double scale, org.eclipse.swt.graphics.Point anchor) {
        if (ip == null) {
            return;
        }
        Rectangle area = canvas.getClientArea();
        org.eclipse.swt.graphics.Point at = anchor != null ? anchor
                : new org.eclipse.swt.graphics.Point(area.width / 2, area.height / 2);
        double[] fixed = toImage(at.x, at.y);
        zoom = scale <= 0 ? 0 : Math.max(0.01, Math.min(32, scale));
        if (zoom > 0) {
            originX = fixed[0] - at.x / zoom;
            originY = fixed[1] - at.y / zoom;
        }
        zoomLabel.setText(String.format(Locale.ROOT, "%s%.0f%%", zoom == 0 ? "fit " : "", currentScale() * 100));
        canvas.setData("tessera.zoom", zoom);
        canvas.redraw();
    }

    /** Where canvas point (x, y) falls in the image, in image pixels (fractional). */
    private double[] toImage(int x, int y) {
        double scale = currentScale();
        if (zoom > 0) {
            return new double[] {originX + x / scale, originY + y / scale};
        }
        Rectangle area = canvas.getClientArea();
        double left = (area.width - ip.getWidth() * scale) / 2;
        double top = (area.height - ip.getHeight() * scale) / 2;
        return new double[] {(x - left) / scale, (y - top) / scale};
    }

    private void wheel(Event e) {
        if (e.count != 0) {
            double factor = e.count > 0 ? WHEEL_STEP : 1 / WHEEL_STEP;
            setZoom(currentScale() * factor, new org.eclipse.swt.graphics.Point(e.x, e.y));
        }
    }

    private void mouseMoved(Event e) {
        if (ip == null) {
            return;
        }
        if (dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0) {
            if (zoom == 0) {
                setZoom(currentScale(), null); // dragging a fitted image starts panning from where it is
            }
            originX -= (e.x - dragX) / zoom;
            originY -= (e.y - dragY) / zoom;
            dragX = e.x;
            dragY = e.y;
            canvas.redraw();
        }
        double[] at = toImage(e.x, e.y);
        int x = (int) Math.floor(at[0]);
        int y = (int) Math.floor(at[1]);
        if (x < 0 || y < 0 || x >= ip.getWidth() || y >= ip.getHeight()) {
            pixel.setText("");
            return;
        }
        String value = valueAt(ip, x, y);
        if (comparing && beforeIp != null) {
            int bx = (int) Math.floor(at[0] * beforeIp.getWidth() / ip.getWidth());
            int by = (int) Math.floor(at[1] * beforeIp.getHeight() / ip.getHeight());
            value = "before " + valueAt(beforeIp, bx, by) + " · after " + value;
        }
        pixel.setText("x " + x + ", y " + y + ": " + value);
    }

    private static String valueAt(ImageProcessor pixels, int x, int y) {
        if (pixels instanceof ColorProcessor color) {
            int c = color.get(x, y);
            return "RGB " + ((c >> 16) & 0xFF) + ", " + ((c >> 8) & 0xFF) + ", " + (c & 0xFF);
        }
        return number(pixels.getPixelValue(x, y));
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(display.getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (image == null) {
            return;
        }
        double scale = currentScale();
        double[] topLeft = toImage(0, 0);
        // The visible part of the image, in image pixels.
        double srcX = Math.max(0, topLeft[0]);
        double srcY = Math.max(0, topLeft[1]);
        double srcRight = Math.min(ip.getWidth(), topLeft[0] + area.width / scale);
        double srcBottom = Math.min(ip.getHeight(), topLeft[1] + area.height / scale);
        if (srcRight <= srcX || srcBottom <= srcY) {
            return;
        }
        int dstX = (int) Math.round((srcX - topLeft[0]) * scale);
        int dstY = (int) Math.round((srcY - topLeft[1]) * scale);
        int dstW = Math.max(1, (int) Math.round((srcRight - srcX) * scale));
        int dstH = Math.max(1, (int) Math.round((srcBottom - srcY) * scale));
        gc.setInterpolation(scale >= 1 ? SWT.NONE : SWT.LOW); // zoomed in, each pixel a crisp square
        double[] region = {srcX, srcY, srcRight, srcBottom};
        draw(gc, new Rendering(image, preview), ip, scale, region, dstX, dstY, dstW, dstH);
        if (canvas.getData("tessera.firstPaintNanos") == null) {
            // When the image first reached the screen, on System.nanoTime()'s axis: tests time an
            // open from the double-click to here.
            canvas.setData("tessera.firstPaintNanos", System.nanoTime());
        }
        if (comparing && before != null) {
            int splitX = area.width * split.getSelection() / 100;
            gc.setClipping(0, 0, splitX, area.height);
            draw(gc, before, beforeIp, scale * ip.getWidth() / beforeIp.getWidth(), scaled(region,
                    (double) beforeIp.getWidth() / ip.getWidth(), (double) beforeIp.getHeight() / ip.getHeight()),
                    dstX, dstY, dstW, dstH);
            gc.setClipping((Rectangle) null);
            gc.setForeground(display.getSystemColor(SWT.COLOR_YELLOW));
            gc.drawLine(splitX, 0, splitX, area.height);
        }
    }

    /**
     * Draws {@code region} (image pixels: left, top, right, bottom) of a rendering into the
     * destination rectangle. Zoomed out, the preview holds enough pixels and spares scaling a
     * 40 MP image at every paint.
     */
    private static void draw(GC gc, Rendering rendering, ImageProcessor pixels, double scale, double[] region,
            int dstX, int dstY, int dstW, int dstH) {
        Image source = rendering.full();
        double factor = 1;
        if (rendering.preview() != null && scale * Math.max(pixels.getWidth(), pixels.getHeight()) <= PREVIEW_SIDE) {
            source = rendering.preview();
            factor = (double) source.getBounds().width / pixels.getWidth();
        }
        gc.drawImage(source, (int) (region[0] * factor), (int) (region[1] * factor),
                Math.max(1, (int) ((region[2] - region[0]) * factor)), Math.max(1, (int) ((region[3] - region[1]) * factor)),
                dstX, dstY, dstW, dstH);
    }

    private static double[] scaled(double[] region, double sx, double sy) {
        return new double[] {region[0] * sx, region[1] * sy, region[2] * sx, region[3] * sy};
    }

    private void paintHistogram(GC gc) {
        Rectangle area = histogram.getClientArea();
        gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (histogramCounts == null) {
            return;
        }
        long highest = 1;
        for (int count : histogramCounts) {
            highest = Math.max(highest, count);
        }
        gc.setBackground(display.getSystemColor(SWT.COLOR_DARK_GRAY));
        double barWidth = (double) area.width / histogramCounts.length;
        for (int i = 0; i < histogramCounts.length; i++) {
            int height = (int) Math.round((double) histogramCounts[i] / highest * (area.height - 2));
            int x = (int) (i * barWidth);
            int nextX = (int) ((i + 1) * barWidth);
            gc.fillRectangle(x, area.height - height, Math.max(1, nextX - x), height);
        }
    }

    /** 256 bins over the image's value range (for RGB, over brightness). */
    private static int[] histogramOf(ImageProcessor source) {
        ImageStatistics stats = source.getStats();
        return stats.histogram.clone();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
