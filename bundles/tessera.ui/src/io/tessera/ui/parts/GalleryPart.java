package io.tessera.ui.parts;

import io.tessera.core.batch.NaturalOrder;
import io.tessera.core.job.JobState;
import io.tessera.ui.session.BatchProgress;
import io.tessera.ui.session.Connection;
import io.tessera.ui.session.JobBoard;
import io.tessera.ui.session.JobRow;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;

/**
 * A batch at a glance: a thumbnail of every result (or, toggled, of every input) in a grid that
 * stays quick at ten thousand, filtered by state. A click or Enter opens the result in the image
 * editor, where the slider compares it with its input; the arrows move from one to the next.
 */
public final class GalleryPart {
    /** Filter names, and which rows each lets through. */
    private static final String[] STATES = {"All states", "Done", "Failed", "Cancelled", "Not ended"};
    private static final List<Predicate<JobRow>> PASSES = List.of(row -> true, row -> row.state() == JobState.DONE,
            row -> row.state() == JobState.FAILED, row -> row.state() == JobState.CANCELLED, row -> !row.state().isFinal());

    @Inject
    private JobBoard board;
    @Inject
    private Connection connection;
    @Inject
    private ImageEditors editors;
    @Inject
    private IWorkspace workspace;

    private Combo batch;
    private Combo state;
    private Button inputs;
    private CLabel count;
    private ThumbnailGrid grid;
    private Throttle throttle;
    /** The batches in the chooser, most recent first; the first is followed as new batches come. */
    private List<String> batches = List.of();
    private final Runnable jobsChanged = () -> throttle.request();
    /** Jobs changed while the gallery was hidden: it refreshes when shown. */
    private boolean stale;
    /** The job behind each cell shown, for opening it. */
    private java.util.Map<String, JobRow> shownRows = java.util.Map.of();

    @PostConstruct
    void create(Composite parent) {
        Composite bar = BatchBar.over(parent, 6);
        batch = WidgetIds.tag(new Combo(bar, SWT.READ_ONLY), "gallery.batch");
        batch.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batch.addListener(SWT.Selection, e -> show());
        state = WidgetIds.tag(new Combo(bar, SWT.READ_ONLY), "gallery.state");
        state.setItems(STATES);
        state.select(0);
        state.addListener(SWT.Selection, e -> show());
        inputs = WidgetIds.tag(new Button(bar, SWT.TOGGLE), "gallery.inputs");
        inputs.setText("Before");
        inputs.setToolTipText("Show each job's input instead of its result (the thumbnails before the pipeline ran)");
        inputs.addListener(SWT.Selection, e -> show());
        count = WidgetIds.tag(new CLabel(bar, SWT.NONE), "gallery.count");
        count.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        grid = new ThumbnailGrid(parent);
        WidgetIds.tag(grid.control(), "gallery.grid");
        grid.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        grid.onOpen(this::open);
        throttle = new Throttle(parent.getDisplay(), 500, this::refresh);
        // Brought to front: up to date at once, before the user looks.
        parent.addListener(SWT.Show, e -> {
            if (stale) {
                refresh();
            }
        });
        grid.control().addListener(SWT.Paint, e -> {
            if (stale) {
                grid.control().getDisplay().asyncExec(this::refresh);
            }
        });
        board.addListener(jobsChanged);
        refresh();
    }

    @PreDestroy
    void dispose() {
        board.removeListener(jobsChanged);
    }

    private void refresh() {
        if (batch.isDisposed()) {
            return;
        }
        if (!grid.control().isVisible()) {
            // Behind another tab: sorting thousands of cells twice a second would be for nobody.
            stale = true;
            return;
        }
        stale = false;
        List<JobRow> jobs = board.jobs();
        List<String> now = BatchProgress.of(jobs).stream().map(BatchProgress::batch).toList();
        if (!now.equals(batches)) {
            String chosen = batch.getSelectionIndex() > 0 ? batch.getText() : null;
            batches = now;
            batch.setItems(now.toArray(String[]::new));
            // A user who chose an older batch keeps it; otherwise the newest is shown as it comes.
            batch.select(chosen != null && now.contains(chosen) ? now.indexOf(chosen) : 0);
        }
        show(jobs);
    }

    private void show() {
        show(board.jobs());
    }

    private void show(List<JobRow> jobs) {
        String shownBatch = batch.getSelectionIndex() >= 0 ? batch.getText() : null;
        Predicate<JobRow> passes = PASSES.get(Math.max(0, state.getSelectionIndex()));
        boolean before = inputs.getSelection();
        List<JobRow> rows = jobs.stream().filter(row -> row.batch().equals(shownBatch)).toList();
        List<ThumbnailGrid.Cell> cells = new ArrayList<>();
        java.util.Map<String, JobRow> byCell = new java.util.HashMap<>();
        rows.stream().filter(passes).sorted(Comparator.comparing(JobRow::image, NaturalOrder.INSTANCE)).forEach(row -> {
            ThumbnailGrid.Cell cell = cellOf(row, before);
            cells.add(cell);
            byCell.put(cell.key(), row);
        });
        shownRows = byCell;
        grid.setCells(cells);
        String text = shownBatch == null ? "no batch yet: results appear here as they come"
                : cells.size() + " of " + rows.size() + " image(s)" + (before ? ", inputs shown" : "");
        if (!text.equals(count.getText())) {
            count.setText(text);
        }
    }

    private ThumbnailGrid.Cell cellOf(JobRow row, boolean before) {
        String note = switch (row.state()) {
            case DONE -> "";
            case FAILED -> "failed: " + (row.error() == null ? "" : row.error());
            case CANCELLED -> "cancelled";
            default -> row.state().name().toLowerCase(java.util.Locale.ROOT);
        };
        Path result = resultFile(row);
        ThumbnailGrid.Pixels pixels;
        if (before) {
            String inputKey = row.spec().inputKey();
            pixels = () -> ScreenImages.decode(connection.readObject(inputKey), inputKey).getProcessor();
        } else {
            pixels = result == null ? null : () -> ScreenImages.decode(result).getProcessor();
        }
        return new ThumbnailGrid.Cell(row.jobId() + (before ? ":input" : ":result"), row.image(), note, pixels);
    }

    /** Where the result of {@code row} is on disk, once it was fetched into its project. */
    private Path resultFile(JobRow row) {
        if (row.localResult() == null) {
            return null;
        }
        var location = workspace.getRoot().getFile(org.eclipse.core.runtime.IPath.fromOSString(row.localResult())).getLocation();
        return location == null ? null : location.toFile().toPath();
    }

    private void open(ThumbnailGrid.Cell cell) {
        JobRow row = shownRows.get(cell.key());
        Path result = row == null ? null : resultFile(row);
        if (result != null) {
            editors.show(result);
        }
    }
}
