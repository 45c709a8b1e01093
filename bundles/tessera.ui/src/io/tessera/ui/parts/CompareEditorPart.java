package io.tessera.ui.parts;

import ij.process.ImageProcessor;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.Provenance;
import io.tessera.ui.session.Connection;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;

/**
 * Two images side by side, zoom and pan locked together: two results of different pipelines on
 * one input, or a result beside the input it was made from. Moving the mouse over either shows the
 * value of the same pixel in both. (The image editor's Before/after slider shows the same pair
 * in one view.)
 */
public final class CompareEditorPart {
    static final String LEFT_KEY = "tessera.compare.left";
    static final String RIGHT_KEY = "tessera.compare.right";
    /** Set instead of LEFT_KEY: the left image is the input of the result on the right, read from the bucket. */
    static final String INPUT_OF_RIGHT = "tessera.compare.inputOfRight";

    @Inject
    private Connection connection;

    private ZoomPanView left;
    private ZoomPanView right;
    private Label leftTitle;
    private Label rightTitle;
    private Label zoomLabel;
    private CLabel pixel;

    @PostConstruct
    void create(Composite parent, MPart part) {
        parent.setLayout(new GridLayout(2, true));
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        bar.setLayout(new GridLayout(6, false));
        ImageEditorPart.zoomButtons(bar, "compare", () -> List.of(left, right));
        zoomLabel = WidgetIds.tag(new Label(bar, SWT.NONE), "compare.zoom");
        zoomLabel.setLayoutData(new GridData(70, SWT.DEFAULT));
        pixel = WidgetIds.tag(new CLabel(bar, SWT.NONE), "compare.pixel");
        pixel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        leftTitle = WidgetIds.tag(new Label(parent, SWT.NONE), "compare.leftTitle");
        leftTitle.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        rightTitle = WidgetIds.tag(new Label(parent, SWT.NONE), "compare.rightTitle");
        rightTitle.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        left = new ZoomPanView(parent, "compare.left");
        right = new ZoomPanView(parent, "compare.right");
        for (ZoomPanView view : List.of(left, right)) {
            view.canvas().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            view.onMouseMoved(e -> showPixel(view, e));
        }
        left.lockWith(right);
        right.onViewChanged(() -> zoomLabel.setText(String.format(Locale.ROOT, "%s%.0f%%", right.zoom() == 0 ? "fit " : "",
                right.currentScale() * 100)));

        Path rightFile = Path.of(part.getPersistedState().get(RIGHT_KEY));
        String leftPath = part.getPersistedState().get(LEFT_KEY);
        Path leftFile = leftPath == null ? null : Path.of(leftPath);
        leftTitle.setText(leftFile == null ? "input of " + rightFile.getFileName() + " …" : leftFile.getFileName() + " …");
        rightTitle.setText(rightFile.getFileName() + " …");
        Job.create("Opening " + rightFile.getFileName() + " to compare", monitor -> {
            load(right, rightTitle, rightFile.getFileName().toString(), () -> ScreenImages.decode(rightFile).getProcessor());
            if (leftFile != null) {
                load(left, leftTitle, leftFile.getFileName().toString(), () -> ScreenImages.decode(leftFile).getProcessor());
            } else {
                load(left, leftTitle, "input of " + rightFile.getFileName(), () -> {
                    Provenance provenance = JobCodec.decodeProvenance(Files.readString(
                            rightFile.resolveSibling(rightFile.getFileName() + Provenance.SUFFIX)));
                    return ScreenImages.decode(connection.readObject(provenance.inputKey()), provenance.inputKey())
                            .getProcessor();
                });
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    /** Decodes and renders one side off the UI thread; says on its title what went wrong, if anything. */
    private void load(ZoomPanView view, Label title, String name, ThumbnailGrid.Pixels pixels) {
        try {
            ImageProcessor ip = pixels.read();
            ZoomPanView.Rendering rendering = ZoomPanView.Rendering.of(view.canvas().getDisplay(), ip);
            Later.onUi(view.canvas(), () -> {
                view.setImage(ip, rendering);
                title.setText(name + " — " + ip.getWidth() + " × " + ip.getHeight() + " px");
                view.setZoom(0, null);
            });
        } catch (Exception | OutOfMemoryError e) {
            Later.onUi(view.canvas(), () -> title.setText("Cannot open " + name + ": " + e.getMessage()));
        }
    }

    /** The pixel under the mouse, and the same place in the other image. */
    private void showPixel(ZoomPanView over, Event e) {
        int[] at = over.pixelAt(e.x, e.y);
        ZoomPanView other = over == left ? right : left;
        if (at == null || other.pixels() == null) {
            pixel.setText("");
            return;
        }
        ImageProcessor here = over.pixels();
        ImageProcessor there = other.pixels();
        int ox = at[0] * there.getWidth() / here.getWidth();
        int oy = at[1] * there.getHeight() / here.getHeight();
        String leftValue = ImageEditorPart.valueAt(over == left ? here : there, over == left ? at[0] : ox, over == left ? at[1] : oy);
        String rightValue = ImageEditorPart.valueAt(over == left ? there : here, over == left ? ox : at[0], over == left ? oy : at[1]);
        pixel.setText("x " + at[0] + ", y " + at[1] + ": left " + leftValue + " · right " + rightValue);
    }
}
