package io.tessera.ui.parts;

import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * One image on a canvas, fitted to it or at any zoom (the wheel zooms around the cursor), panned by
 * dragging. Two views can be locked together ({@link #lockWith}): zooming or panning one moves the
 * other to the same place of its own image, even when the two differ in size.
 *
 * <p>A screen-sized preview is drawn when zoomed out, and only the visible part of the full image
 * when zoomed in, so that a 40-megapixel image pans smoothly.
 */
final class ZoomPanView {
    /** The longest side of the preview drawn when zoomed out: a 40 MP image is not scaled at each paint. */
    static final int PREVIEW_SIDE = 2048;
    static final double WHEEL_STEP = 1.25;

    /** The SWT images for the screen: the whole image, and a preview when the image is larger than the screen. */
    record Rendering(Image full, Image preview) {
        void dispose() {
            full.dispose();
            if (preview != null) {
                preview.dispose();
            }
        }

        /** Made off the UI thread (SWT allows images there): converting pixels is the slow part. */
        static Rendering of(Display display, ImageProcessor source) {
            Image full = new Image(display, ScreenImages.toImageData(source));
            if (Math.max(source.getWidth(), source.getHeight()) <= PREVIEW_SIDE) {
                return new Rendering(full, null);
            }
            return new Rendering(full, new Image(display, ScreenImages.toImageData(ScreenImages.shrunk(source, PREVIEW_SIDE))));
        }
    }

    /** Draws on top of the image (e.g. a before/after split), in the view's coordinates. */
    interface Overlay {
        void paint(GC gc, ZoomPanView view, double[] region, Rectangle destination);
    }

    private final Canvas canvas;
    private ImageProcessor ip;
    private Rendering rendering;
    /** 0 means "fit the window"; otherwise screen pixels per image pixel. */
    private double zoom;
    /** The image point at the view's top-left corner, when not fitting. */
    private double originX;
    private double originY;
    private int dragX = -1;
    private int dragY = -1;
    private Overlay overlay;
    private final List<Runnable> viewChanged = new ArrayList<>();
    private final List<ZoomPanView> locked = new ArrayList<>();
    private Consumer<Event> mouseMoved = e -> {
    };

    ZoomPanView(Composite parent, String id) {
        canvas = WidgetIds.tag(new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND), id);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseVerticalWheel, e -> {
            if (e.count != 0) {
                setZoom(currentScale() * (e.count > 0 ? WHEEL_STEP : 1 / WHEEL_STEP), new Point(e.x, e.y));
            }
        });
        canvas.addListener(SWT.MouseDown, e -> {
            dragX = e.x;
            dragY = e.y;
        });
        canvas.addListener(SWT.MouseUp, e -> dragX = -1);
        canvas.addListener(SWT.MouseMove, this::mouseMoved);
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
        canvas.addListener(SWT.Dispose, e -> {
            if (rendering != null) {
                rendering.dispose();
            }
        });
    }

    Canvas canvas() {
        return canvas;
    }

    ImageProcessor pixels() {
        return ip;
    }

    /** Shows {@code pixels} as {@code screen}, which the view owns from now on; keeps the zoom. */
    void setImage(ImageProcessor pixels, Rendering screen) {
        if (rendering != null) {
            rendering.dispose();
        }
        ip = pixels;
        rendering = screen;
        canvas.setData("tessera.imageSize", new int[] {pixels.getWidth(), pixels.getHeight()});
        canvas.redraw();
    }

    void setOverlay(Overlay overlay) {
        this.overlay = overlay;
        canvas.redraw();
    }

    /** Told after each zoom or pan, of this view or of one locked with it. */
    void onViewChanged(Runnable listener) {
        viewChanged.add(listener);
    }

    /** Told of the mouse moving over the canvas (after any pan it makes). */
    void onMouseMoved(Consumer<Event> listener) {
        mouseMoved = listener;
    }

    /** From now on, zooming or panning either view moves the other to the same place. */
    void lockWith(ZoomPanView other) {
        locked.add(other);
        other.locked.add(this);
        other.follow(this);
    }

    /** Screen pixels per image pixel now. */
    double currentScale() {
        if (ip == null) {
            return 1;
        }
        if (zoom > 0) {
            return zoom;
        }
        Rectangle area = canvas.getClientArea();
        return Math.min(1.0, Math.min((double) area.width / ip.getWidth(), (double) area.height / ip.getHeight()));
    }

    /** The zoom set: 0 while fitting the window. */
    double zoom() {
        return zoom;
    }

    /**
     * Zooms to {@code scale} (0: fit), keeping the image point under {@code anchor} (a point on the
     * canvas) where it is; without an anchor, the centre of the view.
     */
    void setZoom(double scale, Point anchor) {
        if (ip == null) {
            return;
        }
        Rectangle area = canvas.getClientArea();
        Point at = anchor != null ? anchor : new Point(area.width / 2, area.height / 2);
        double[] fixed = toImage(at.x, at.y);
        zoom = scale <= 0 ? 0 : Math.max(0.01, Math.min(32, scale));
        if (zoom > 0) {
            originX = fixed[0] - at.x / zoom;
            originY = fixed[1] - at.y / zoom;
        }
        changed();
    }

    /** Where canvas point (x, y) falls in the image, in image pixels (fractional). */
    double[] toImage(int x, int y) {
        double scale = currentScale();
        if (zoom > 0) {
            return new double[] {originX + x / scale, originY + y / scale};
        }
        Rectangle area = canvas.getClientArea();
        double left = (area.width - ip.getWidth() * scale) / 2;
        double top = (area.height - ip.getHeight() * scale) / 2;
        return new double[] {(x - left) / scale, (y - top) / scale};
    }

    /** The pixel under canvas point (x, y), or null when the point is off the image. */
    int[] pixelAt(int x, int y) {
        if (ip == null) {
            return null;
        }
        double[] at = toImage(x, y);
        int px = (int) Math.floor(at[0]);
        int py = (int) Math.floor(at[1]);
        return px < 0 || py < 0 || px >= ip.getWidth() || py >= ip.getHeight() ? null : new int[] {px, py};
    }

    private void mouseMoved(Event e) {
        if (ip != null && dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0) {
            panBy(e.x - dragX, e.y - dragY);
            dragX = e.x;
            dragY = e.y;
        }
        mouseMoved.accept(e);
    }

    /** Moves the image by (dx, dy) screen pixels, as a drag does. */
    void panBy(int dx, int dy) {
        if (ip == null) {
            return;
        }
        if (zoom == 0) {
            setZoom(currentScale(), null); // dragging a fitted image starts panning from where it is
        }
        originX -= dx / zoom;
        originY -= dy / zoom;
        changed();
    }

    /** The image point at the view's top-left, as fractions of the image's width and height. */
    double[] originFraction() {
        double[] topLeft = toImage(0, 0);
        return new double[] {topLeft[0] / ip.getWidth(), topLeft[1] / ip.getHeight()};
    }

    private void changed() {
        publishView();
        canvas.redraw();
        for (ZoomPanView other : locked) {
            other.follow(this);
        }
        viewChanged.forEach(Runnable::run);
    }

    /** Takes {@code leader}'s place: the same fraction of its own image at the same size on screen. */
    private void follow(ZoomPanView leader) {
        if (ip == null || leader.ip == null) {
            return;
        }
        if (leader.zoom == 0) {
            zoom = 0;
        } else {
            // The same width on screen for the whole image: a half-size result shows beside its input at twice the zoom.
            zoom = leader.zoom * leader.ip.getWidth() / ip.getWidth();
            double[] fraction = leader.originFraction();
            originX = fraction[0] * ip.getWidth();
            originY = fraction[1] * ip.getHeight();
        }
        publishView();
        canvas.redraw();
        viewChanged.forEach(Runnable::run);
    }

    /** Zoom and place on the canvas, for tests that check two views stay together. */
    private void publishView() {
        canvas.setData("tessera.zoom", zoom);
        canvas.setData("tessera.origin", originFraction());
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(area);
        if (rendering == null) {
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
        Rectangle destination = new Rectangle((int) Math.round((srcX - topLeft[0]) * scale),
                (int) Math.round((srcY - topLeft[1]) * scale), Math.max(1, (int) Math.round((srcRight - srcX) * scale)),
                Math.max(1, (int) Math.round((srcBottom - srcY) * scale)));
        gc.setInterpolation(scale >= 1 ? SWT.NONE : SWT.LOW); // zoomed in, each pixel a crisp square
        double[] region = {srcX, srcY, srcRight, srcBottom};
        draw(gc, rendering, ip, scale, region, destination);
        if (canvas.getData("tessera.firstPaintNanos") == null) {
            // When the image first reached the screen, on System.nanoTime()'s axis: tests time an
            // open from the double-click to here.
            canvas.setData("tessera.firstPaintNanos", System.nanoTime());
        }
        if (overlay != null) {
            overlay.paint(gc, this, region, destination);
        }
    }

    /**
     * Draws {@code region} (image pixels: left, top, right, bottom) of a rendering of {@code pixels}
     * into {@code destination}. Zoomed out, the preview holds enough pixels and spares scaling a
     * 40 MP image at every paint.
     */
    static void draw(GC gc, Rendering rendering, ImageProcessor pixels, double scale, double[] region, Rectangle destination) {
        Image source = rendering.full();
        double factor = 1;
        if (rendering.preview() != null && scale * Math.max(pixels.getWidth(), pixels.getHeight()) <= PREVIEW_SIDE) {
            source = rendering.preview();
            factor = (double) source.getBounds().width / pixels.getWidth();
        }
        gc.drawImage(source, (int) (region[0] * factor), (int) (region[1] * factor),
                Math.max(1, (int) ((region[2] - region[0]) * factor)), Math.max(1, (int) ((region[3] - region[1]) * factor)),
                destination.x, destination.y, destination.width, destination.height);
    }
}
