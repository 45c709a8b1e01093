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
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
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
import org.eclipse.swt.widgets.Listener;
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

    private Display display;
    private Label info;
    private ZoomPanView view;
    private Canvas canvas;
    private CLabel pixel;
    private Canvas histogram;
    private Text rangeMin;
    private Text rangeMax;
    private Button applyRange;
    private Button autoRange;
    private Label zoomLabel;
    private Button compare;
    private Button sideBySide;
    private Scale split;
    @Inject
    private ImageEditors editors;
    @Inject
    private Connection connection;
    /** The input a result was made from, shown left of the split when comparing. */
    private ImageProcessor beforeIp;
    private ZoomPanView.Rendering before;
    private boolean comparing;
    private Path file;

    /** The decoded pixels, kept for the values under the cursor and for new display ranges. */
    private ImageProcessor ip;
    private int[] histogramCounts;

    @PostConstruct
    void create(Composite parent, MPart part) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(2, false));
        info = WidgetIds.tag(new Label(parent, SWT.NONE), "editor.info");
        info.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        createToolbar(parent);
        view = new ZoomPanView(parent, "editor.canvas");
        canvas = view.canvas();
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        view.onViewChanged(() -> zoomLabel.setText(String.format(Locale.ROOT, "%s%.0f%%", view.zoom() == 0 ? "fit " : "",
                view.currentScale() * 100)));
        view.onMouseMoved(this::mouseMoved);
        view.setOverlay(this::paintBefore);
        createSidePanel(parent);

        file = Path.of(part.getPersistedState().get(ImageEditors.FILE_KEY));
        compare.setEnabled(Files.isRegularFile(provenanceOf(file)));
        sideBySide.setEnabled(compare.getEnabled());
        info.setText("Opening " + file.getFileName() + " …");
        Job.create("Opening " + file.getFileName(), monitor -> {
            try {
                ImagePlus imp = ScreenImages.decode(file);
                ImageProcessor decoded = imp.getProcessor();
                ZoomPanView.Rendering rendering = ZoomPanView.Rendering.of(display, decoded);
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
                ZoomPanView.Rendering rendering = ZoomPanView.Rendering.of(display, input);
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
        bar.setLayout(new GridLayout(9, false));
        zoomButtons(bar, "editor", () -> List.of(view));
        zoomLabel = WidgetIds.tag(new Label(bar, SWT.NONE), "editor.zoom");
        zoomLabel.setLayoutData(new GridData(70, SWT.DEFAULT));
        compare = button(bar, "editor.compare", "Before/after",
                "Show the input this result was made from left of a slider, the result right of it");
        compare.setEnabled(false);
        compare.addListener(SWT.Selection, e -> toggleCompare());
        sideBySide = button(bar, "editor.sideBySide", "Side by side",
                "Input and result in two views, zoom and pan locked together");
        sideBySide.setEnabled(false);
        sideBySide.addListener(SWT.Selection, e -> editors.compareWithInput(file));
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

    /** Fit, 1:1, − and + for the views {@code views} gives, each button acting on them all. */
    static void zoomButtons(Composite bar, String prefix, Supplier<List<ZoomPanView>> views) {
        Listener fit = e -> views.get().forEach(v -> v.setZoom(0, null));
        button(bar, prefix + ".fit", "Fit", "Fit the window").addListener(SWT.Selection, fit);
        button(bar, prefix + ".actualSize", "1:1", "One screen pixel per image pixel").addListener(SWT.Selection,
                e -> views.get().get(0).setZoom(1, null));
        button(bar, prefix + ".zoomOut", "−", "Zoom out (or the mouse wheel)").addListener(SWT.Selection,
                e -> views.get().get(0).setZoom(views.get().get(0).currentScale() / ZoomPanView.WHEEL_STEP, null));
        button(bar, prefix + ".zoomIn", "+", "Zoom in (or the mouse wheel); drag to pan").addListener(SWT.Selection,
                e -> views.get().get(0).setZoom(views.get().get(0).currentScale() * ZoomPanView.WHEEL_STEP, null));
    }

    static Button button(Composite parent, String id, String text, String tooltip) {
        Button button = WidgetIds.tag(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.setToolTipText(tooltip);
        return button;
    }

    private void show(ImageProcessor decoded, ZoomPanView.Rendering rendering, int[] counts, String text) {
        ip = decoded;
        histogramCounts = counts;
        view.setImage(decoded, rendering);
        histogram.setData("tessera.histogram", counts);
        info.setText(text);
        boolean adjustable = !(decoded instanceof ColorProcessor) && decoded.getBitDepth() != 8;
        setRangeEnabled(adjustable);
        showRange();
        info.getParent().layout();
        histogram.redraw();
        view.setZoom(0, null);
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
            ZoomPanView.Rendering rendering = ZoomPanView.Rendering.of(display, source);
            Later.onUi(canvas, () -> {
                view.setImage(source, rendering);
                canvas.setData("tessera.renderedRange", range);
                canvas.redraw();
            });
            return Status.OK_STATUS;
        }).schedule();
    }

    private void mouseMoved(Event e) {
        int[] at = view.pixelAt(e.x, e.y);
        if (at == null) {
            pixel.setText("");
            return;
        }
        String value = valueAt(ip, at[0], at[1]);
        if (comparing && beforeIp != null) {
            int bx = at[0] * beforeIp.getWidth() / ip.getWidth();
            int by = at[1] * beforeIp.getHeight() / ip.getHeight();
            value = "before " + valueAt(beforeIp, bx, by) + " · after " + value;
        }
        pixel.setText("x " + at[0] + ", y " + at[1] + ": " + value);
    }

    static String valueAt(ImageProcessor pixels, int x, int y) {
        if (pixels instanceof ColorProcessor color) {
            int c = color.get(x, y);
            return "RGB " + ((c >> 16) & 0xFF) + ", " + ((c >> 8) & 0xFF) + ", " + (c & 0xFF);
        }
        return number(pixels.getPixelValue(x, y));
    }

    /** Before/after: the input drawn over the result, left of the slider. */
    private void paintBefore(GC gc, ZoomPanView shown, double[] region, Rectangle destination) {
        if (!comparing || before == null) {
            return;
        }
        Rectangle area = canvas.getClientArea();
        int splitX = area.width * split.getSelection() / 100;
        gc.setClipping(0, 0, splitX, area.height);
        ZoomPanView.draw(gc, before, beforeIp, shown.currentScale() * ip.getWidth() / beforeIp.getWidth(), scaled(region,
                (double) beforeIp.getWidth() / ip.getWidth(), (double) beforeIp.getHeight() / ip.getHeight()), destination);
        gc.setClipping((Rectangle) null);
        gc.setForeground(display.getSystemColor(SWT.COLOR_YELLOW));
        gc.drawLine(splitX, 0, splitX, area.height);
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
