package io.tessera.ui.parts;

import io.tessera.core.job.JobState;
import io.tessera.ui.session.BatchProgress;
import io.tessera.ui.session.JobRow;
import io.tessera.ui.session.ClusterReport;
import io.tessera.ui.session.Connection;
import io.tessera.ui.session.JobBoard;
import io.tessera.ui.session.Reruns;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;

/**
 * Every job this workbench submitted, with its state, the rank that ran it and what came of it;
 * above them, the cluster's state as it last reported it.
 */
public final class QueueMonitorPart {
    @Inject
    private JobBoard board;
    @Inject
    private ClusterReport report;
    @Inject
    private Reruns reruns;
    @Inject
    private Connection connectionModel;

    /** The states each choice of the filter shows; the first shows every job. */
    private static final String[] FILTERS = {"All states", "Waiting", "Running", "Done", "Failed", "Cancelled"};
    /** The most recent batches get a progress line each, as many of them as leave the jobs room. */
    private static final int BATCHES_SHOWN = 3;
    /** The jobs the table keeps room for, however many batch lines there could be. */
    private static final int JOB_ROWS_KEPT = 8;

    private TableViewer viewer;
    private CLabel cluster;
    private Composite batches;
    /** How many batch lines take room now; the view is laid out again only when this changes. */
    private int batchLinesShown;
    private Combo filter;
    private final ProgressBar[] batchBars = new ProgressBar[BATCHES_SHOWN];
    private final CLabel[] batchLabels = new CLabel[BATCHES_SHOWN];
    /** Each batch line's failures, as a link to them in the table; shown while the batch has any. */
    private final Link[] batchFailures = new Link[BATCHES_SHOWN];
    /** The batch each line shows now. */
    private final String[] lineBatches = new String[BATCHES_SHOWN];
    /** The one batch the table is narrowed to by a failures link, or null for every batch. */
    private String onlyBatch;
    private Link scope;
    private Function<JobRow, String> sortKey;
    /** The rows in the table, filtered and in the order shown. */
    private List<JobRow> shown = new ArrayList<>();
    private final java.util.Map<JobRow, Integer> shownVersions = new java.util.HashMap<>();
    private int sortDirection = SWT.UP;
    private CLabel queues;
    /** Events come in bursts: the table is brought up to date at most twice a second. */
    private Throttle throttle;
    private final Runnable refresh = () -> throttle.request();
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    @PostConstruct
    void create(Composite parent) {
        GridLayout layout = new GridLayout(1, false);
        layout.verticalSpacing = 2;
        parent.setLayout(layout);
        throttle = new Throttle(parent.getDisplay(), 500, this::refresh);
        // Two lines of status and controls, then the batches (only while there are any), then the
        // jobs: the table gets every line the view has left.
        createClusterLine(parent);
        createQueueLine(parent);
        createBatchLines(parent);
        createTable(parent);
        board.addListener(refresh);
        report.addListener(refresh);
        // A taller or shorter view has room for more or fewer batch lines.
        parent.addListener(SWT.Resize, e -> throttle.request());
        report.watch();
        refresh();
    }

    /** A row of controls that takes the view's width and no more height than its tallest control. */
    private static Composite row(Composite parent, int columns) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout layout = new GridLayout(columns, false);
        layout.marginHeight = 0;
        layout.marginWidth = 0;
        row.setLayout(layout);
        return row;
    }

    /** The cluster's report, and the dialogs for dead letters and the connection. */
    private void createClusterLine(Composite parent) {
        Composite line = row(parent, 3);
        // Status lines change many times a second during a batch: CLabel repaints itself, where a
        // native label would make GTK lay out the whole window again at every change.
        cluster = WidgetIds.tag(new CLabel(line, SWT.NONE), "monitor.cluster");
        cluster.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button deadLetters = WidgetIds.tag(new Button(line, SWT.PUSH), "monitor.deadLetters");
        deadLetters.setText("Dead letters…");
        deadLetters.setToolTipText("Jobs the cluster could not run, and why: run them again or discard them");
        deadLetters.addListener(SWT.Selection, e -> new DeadLettersDialog(parent.getShell(), connectionModel).open());
        Button connection = WidgetIds.tag(new Button(line, SWT.PUSH), "monitor.connection");
        connection.setText("Connection…");
        connection.setToolTipText("Which S3 and SQS Tessera uses, and whether bucket, queues and credentials work");
        connection.addListener(SWT.Selection, e -> new ConnectionDialog(parent.getShell(), connectionModel).open());
    }

    /** The queues' counts, and what to show of the jobs and what to do with them. */
    private void createQueueLine(Composite parent) {
        Composite line = row(parent, 6);
        queues = WidgetIds.tag(new CLabel(line, SWT.NONE), "monitor.queues");
        queues.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        queues.setToolTipText("SQS's own approximate counts for the jobs queue and the dead-letter queue");
        new Label(line, SWT.NONE).setText("Show");
        filter = WidgetIds.tag(new Combo(line, SWT.READ_ONLY), "monitor.filter");
        filter.setItems(FILTERS);
        filter.select(0);
        filter.setToolTipText("Show the jobs in one state only");
        filter.addListener(SWT.Selection, e -> showRows(board.jobs(), true));
        scope = WidgetIds.tag(new Link(line, SWT.NONE), "monitor.scope");
        scope.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        scope.setToolTipText("The table shows one batch: the one whose failures you chose");
        scope.addListener(SWT.Selection, e -> narrowTo(null));
        exclude(scope, true);
        Button retry = WidgetIds.tag(new Button(line, SWT.PUSH), "monitor.retryFailed");
        retry.setText("Retry failed");
        retry.setToolTipText("Submit every failed job again with its own pipeline (Run › Retry Failed Jobs)");
        retry.addListener(SWT.Selection, e -> reruns.retryFailed());
        Button cancel = WidgetIds.tag(new Button(line, SWT.PUSH), "monitor.cancel");
        cancel.setText("Cancel selected");
        cancel.setToolTipText("The selected jobs that have not started will not run; running ones finish");
        // By index: in a virtual table a selected row off screen may have no element attached.
        cancel.addListener(SWT.Selection, e -> board.cancel(java.util.Arrays.stream(viewer.getTable()
                .getSelectionIndices()).filter(i -> i < shown.size()).mapToObj(shown::get).toList()));
    }

    /**
     * A progress bar and a line of counts and throughput for each of the latest batches; a line
     * takes room only once there is a batch for it.
     */
    private void createBatchLines(Composite parent) {
        batches = row(parent, 3);
        for (int i = 0; i < BATCHES_SHOWN; i++) {
            batchBars[i] = WidgetIds.tag(new ProgressBar(batches, SWT.HORIZONTAL), "monitor.batch." + i + ".bar");
            GridData barData = new GridData(160, SWT.DEFAULT);
            barData.exclude = true;
            batchBars[i].setLayoutData(barData);
            batchBars[i].setVisible(false);
            batchLabels[i] = WidgetIds.tag(new CLabel(batches, SWT.NONE), "monitor.batch." + i);
            GridData labelData = new GridData(SWT.FILL, SWT.CENTER, true, false);
            labelData.exclude = true;
            batchLabels[i].setLayoutData(labelData);
            batchLabels[i].setVisible(false);
            int line = i;
            batchFailures[i] = WidgetIds.tag(new Link(batches, SWT.NONE), "monitor.batch." + i + ".failures");
            batchFailures[i].setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
            batchFailures[i].setToolTipText("Show this batch's failed jobs, and why each failed");
            batchFailures[i].addListener(SWT.Selection, e -> narrowTo(lineBatches[line]));
            // A line's three cells come and go together: a grid cell left out would pull the
            // next line's bar up into this row. Without failures the link is there, empty.
            GridData linkData = (GridData) batchFailures[i].getLayoutData();
            linkData.exclude = true;
            batchFailures[i].setVisible(false);
        }
        ((GridData) batches.getLayoutData()).exclude = true;
        batches.setVisible(false);
    }

    /** The jobs, filtered by state and sorted by the column last clicked. */
    private void createTable(Composite parent) {
        // Virtual: with thousands of jobs only the rows on screen are filled, and a change to a row
        // off screen costs nothing. Filtering and sorting are done here, on the rows themselves.
        viewer = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.VIRTUAL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        WidgetIds.tag(viewer.getTable(), "monitor.table");
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setUseHashlookup(true);
        viewer.setContentProvider((ILazyContentProvider) index -> {
            if (index < shown.size()) {
                viewer.replace(shown.get(index), index);
            }
        });
        viewer.setInput(shown);
        column("Image", 160, JobRow::image);
        column("State", 90, row -> row.state().name());
        column("Rank", 50, row -> row.rank() < 0 ? "" : Integer.toString(row.rank()));
        // The reason of a failure is what a user reads first: it comes right after the state.
        column("Result or error", 430, row -> row.error() != null ? row.error()
                : row.localResult() != null ? row.localResult() : row.outputKey() != null ? row.outputKey()
                : row.isCancelRequested() ? "cancel requested: it will not run" : "");
        column("Queued", 70, row -> clock(row.submitted()));
        column("Started", 70, row -> clock(row.started()));
        column("Finished", 70, row -> clock(row.finished()));
        // Time on the rank (download, filter, upload), not time in the queue.
        column("Time", 70, row -> row.millis() == 0 ? "" : row.millis() + " ms");
        column("Pipeline", 200, JobRow::pipeline);
        column("Batch", 230, JobRow::batch);
    }

    @PreDestroy
    void dispose() {
        board.removeListener(refresh);
        report.removeListener(refresh);
    }

    private void column(String title, int width, Function<JobRow, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        // A click sorts by this column; another click reverses the order.
        column.getColumn().addListener(SWT.Selection, e -> {
            Table table = viewer.getTable();
            sortDirection = table.getSortColumn() == column.getColumn() && sortDirection == SWT.UP ? SWT.DOWN : SWT.UP;
            sortKey = text;
            table.setSortColumn(column.getColumn());
            table.setSortDirection(sortDirection);
            showRows(board.jobs(), true);
        });
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((JobRow) element);
            }
        });
    }

    private static void setIfChanged(CLabel label, String text) {
        if (!text.equals(label.getText())) {
            label.setText(text);
        }
    }

    /** Whether the Show filter lets this row through. */
    private boolean passes(JobRow row) {
        if (onlyBatch != null && !onlyBatch.equals(row.batch())) {
            return false;
        }
        JobState state = row.state();
        return switch (filter.getSelectionIndex()) {
            case 1 -> state == JobState.SUBMITTED || state == JobState.RETRYING;
            case 2 -> state == JobState.RUNNING;
            case 3 -> state == JobState.DONE;
            case 4 -> state == JobState.FAILED;
            case 5 -> state == JobState.CANCELLED;
            default -> true;
        };
    }

    /**
     * How many batch lines leave the table room for {@value #JOB_ROWS_KEPT} jobs: one at least,
     * three at most. On a 768-line screen that is one, on a 1080-line screen three.
     */
    private int linesThatFit() {
        Table table = viewer.getTable();
        int spacing = ((GridLayout) batches.getLayout()).verticalSpacing;
        int line = Math.max(batchBars[0].computeSize(SWT.DEFAULT, SWT.DEFAULT).y,
                batchLabels[0].computeSize(SWT.DEFAULT, SWT.DEFAULT).y) + spacing;
        int linesNow = batches.getVisible() ? batches.getSize().y + ((GridLayout) batches.getParent().getLayout()).verticalSpacing : 0;
        int room = table.getClientArea().height + linesNow - table.getHeaderHeight() - JOB_ROWS_KEPT * table.getItemHeight();
        return Math.max(1, Math.min(BATCHES_SHOWN, room / line));
    }

    /** Shows the failed jobs of {@code batch} alone, or (null) every batch again. */
    private void narrowTo(String batch) {
        onlyBatch = batch;
        if (batch != null) {
            filter.select(java.util.Arrays.asList(FILTERS).indexOf("Failed"));
            scope.setText("only " + batch + " · <a>all batches</a>");
        }
        exclude(scope, batch == null);
        scope.getParent().layout(true);
        showRows(board.jobs(), true);
    }

    /** Hides {@code control} and gives its room to the others, or shows it again. */
    private static void exclude(Control control, boolean excluded) {
        ((GridData) control.getLayoutData()).exclude = excluded;
        control.setVisible(!excluded);
    }

    /**
     * Brings the table up to date with as little work as it can: rows that changed are cleared
     * (filled again only if on screen), new rows at the end only extend the table, and only a
     * different order or filter resets every row. A rebuild would make GTK measure every row,
     * which at hundreds of rows stalls the window.
     */
    private void showRows(List<JobRow> jobs, boolean reorder) {
        List<JobRow> next = new ArrayList<>(jobs.stream().filter(this::passes).toList());
        if (sortKey != null) {
            Comparator<JobRow> bySortKey = (a, b) -> NATURAL.compare(sortKey.apply(a), sortKey.apply(b));
            next.sort(sortDirection == SWT.UP ? bySortKey : bySortKey.reversed());
        }
        Table table = viewer.getTable();
        boolean extended = !reorder && next.size() >= shown.size() && next.subList(0, shown.size()).equals(shown);
        if (!extended) {
            table.deselectAll();
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            JobRow row = next.get(i);
            Integer before = shownVersions.put(row, row.version());
            if (extended && i < shown.size() && before != null && before != row.version()) {
                changed.add(i);
            }
        }
        shown = next;
        if (extended) {
            table.setItemCount(next.size());
            for (int index : changed) {
                table.clear(index);
            }
        } else {
            table.setItemCount(next.size());
            table.clearAll();
        }
    }

    /** A time of day; sorts correctly as text within a day, which is what a monitor shows. */
    private static String clock(java.time.Instant when) {
        return when == null ? "" : CLOCK.format(when);
    }

    private static final java.util.regex.Pattern LEADING_NUMBER = java.util.regex.Pattern.compile("\\d{1,18}");

    /** Orders text with numbers in it as a person would: "9 ms" before "10 ms", "rank 2" before "rank 10". */
    private static final Comparator<String> NATURAL = (a, b) -> {
        java.util.regex.Matcher x = LEADING_NUMBER.matcher(a);
        java.util.regex.Matcher y = LEADING_NUMBER.matcher(b);
        if (x.lookingAt() && y.lookingAt()) {
            int byNumber = Long.compare(Long.parseLong(x.group()), Long.parseLong(y.group()));
            if (byNumber != 0) {
                return byNumber;
            }
        }
        return a.compareToIgnoreCase(b);
    };

    private void refresh() {
        if (!viewer.getControl().isDisposed()) {
            setIfChanged(cluster, report.clusterSummary());
            setIfChanged(queues, report.queueSummary());
            List<JobRow> jobs = board.jobs();
            showRows(jobs, false);
            List<BatchProgress> progress = BatchProgress.of(jobs);
            int lines = Math.min(linesThatFit(), progress.size());
            if (lines != batchLinesShown) {
                // A new batch gives its line room: a layout of the view, at most once per batch
                // (with a long table below, one costs GTK a quarter of a second).
                batchLinesShown = lines;
                for (int i = 0; i < BATCHES_SHOWN; i++) {
                    for (Control control : new Control[] {batchBars[i], batchLabels[i], batchFailures[i]}) {
                        ((GridData) control.getLayoutData()).exclude = i >= lines;
                    }
                    batchBars[i].setVisible(i < lines);
                    batchLabels[i].setVisible(i < lines);
                    if (i >= lines) {
                        batchFailures[i].setText("");
                        batchFailures[i].setVisible(false);
                    }
                }
                ((GridData) batches.getLayoutData()).exclude = lines == 0;
                batches.setVisible(lines > 0);
                batches.getParent().layout(true, true);
            }
            boolean relayout = false;
            for (int i = 0; i < lines; i++) {
                BatchProgress batch = progress.get(i);
                lineBatches[i] = batch.batch();
                setIfChanged(batchLabels[i], batch.summary());
                batchBars[i].setSelection(batch.percentEnded());
                String failures = batch.failed() == 0 ? "" : "<a>show the " + batch.failed() + " failed</a>";
                if (!failures.equals(batchFailures[i].getText())) {
                    batchFailures[i].setText(failures);
                    batchFailures[i].setVisible(!failures.isEmpty());
                    relayout = true;
                }
            }
            if (relayout) {
                batches.layout(true); // the lines only: the table below keeps its layout
            }
        }
    }
}
