package io.tessera.ui.parts;

import io.tessera.core.job.JobState;
import io.tessera.ui.session.BatchProgress;
import io.tessera.ui.session.JobRow;
import io.tessera.ui.session.TesseraSession;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;

/**
 * Every job this workbench submitted, with its state, the rank that ran it and what came of it;
 * above them, the cluster's state as it last reported it.
 */
public final class QueueMonitorPart {
    @Inject
    private TesseraSession session;

    /** The states each choice of the filter shows; the first shows every job. */
    private static final String[] FILTERS = {"All states", "Waiting", "Running", "Done", "Failed"};
    /** The most recent batches get a progress line each. */
    private static final int BATCHES_SHOWN = 3;

    private TableViewer viewer;
    private CLabel cluster;
    private Combo filter;
    private final ProgressBar[] batchBars = new ProgressBar[BATCHES_SHOWN];
    private final CLabel[] batchLabels = new CLabel[BATCHES_SHOWN];
    private Function<JobRow, String> sortKey;
    /** The table's input: every row shown so far, in the order jobs were submitted. */
    private final List<JobRow> shownRows = new ArrayList<>();
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
        parent.setLayout(new GridLayout(1, false));
        throttle = new Throttle(parent.getDisplay(), 500, this::refresh);
        createHeader(parent);
        createBatchLines(parent);
        createTable(parent);
        session.addListener(refresh);
        session.watchCluster();
        refresh();
    }

    /** The cluster's report, and the dialogs for dead letters and the connection. */
    private void createHeader(Composite parent) {
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        header.setLayout(new GridLayout(3, false));
        // Status lines change many times a second during a batch: CLabel repaints itself, where a
        // native label would make GTK lay out the whole window again at every change.
        cluster = new CLabel(header, SWT.NONE);
        cluster.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        WidgetIds.tag(cluster, "monitor.cluster");
        Button deadLetters = WidgetIds.tag(new Button(header, SWT.PUSH), "monitor.deadLetters");
        deadLetters.setText("Dead letters…");
        deadLetters.setToolTipText("Jobs the cluster could not run, and why: run them again or discard them");
        deadLetters.addListener(SWT.Selection, e -> new DeadLettersDialog(parent.getShell(), session).open());
        Button connection = WidgetIds.tag(new Button(header, SWT.PUSH), "monitor.connection");
        connection.setText("Connection…");
        connection.setToolTipText("Which S3 and SQS Tessera uses, and whether bucket, queues and credentials work");
        connection.addListener(SWT.Selection, e -> new ConnectionDialog(parent.getShell(), session).open());
        queues = WidgetIds.tag(new CLabel(header, SWT.NONE), "monitor.queues");
        queues.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        queues.setToolTipText("SQS's own approximate counts for the jobs queue and the dead-letter queue");
    }

    /** A progress bar and a line of counts and throughput for each of the latest batches. */
    private void createBatchLines(Composite parent) {
        Composite batches = new Composite(parent, SWT.NONE);
        batches.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batches.setLayout(new GridLayout(2, false));
        for (int i = 0; i < BATCHES_SHOWN; i++) {
            batchBars[i] = WidgetIds.tag(new ProgressBar(batches, SWT.HORIZONTAL), "monitor.batch." + i + ".bar");
            batchBars[i].setLayoutData(new GridData(160, SWT.DEFAULT));
            batchLabels[i] = WidgetIds.tag(new CLabel(batches, SWT.NONE), "monitor.batch." + i);
            batchLabels[i].setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        }
    }

    /** The jobs, filtered by state and sorted by the column last clicked. */
    private void createTable(Composite parent) {
        Composite show = new Composite(parent, SWT.NONE);
        new Label(show, SWT.NONE).setText("Show");
        filter = WidgetIds.tag(new Combo(show, SWT.READ_ONLY), "monitor.filter");
        filter.setItems(FILTERS);
        filter.select(0);
        filter.setToolTipText("Show the jobs in one state only");
        filter.addListener(SWT.Selection, e -> viewer.refresh());
        show.setLayout(new GridLayout(4, false));
        Button retry = WidgetIds.tag(new Button(show, SWT.PUSH), "monitor.retryFailed");
        retry.setText("Retry failed");
        retry.setToolTipText("Submit every failed job again with its own pipeline (Run › Retry Failed Jobs)");
        retry.addListener(SWT.Selection, e -> session.retryFailed());
        Button cancel = WidgetIds.tag(new Button(show, SWT.PUSH), "monitor.cancel");
        cancel.setText("Cancel selected");
        cancel.setToolTipText("The selected jobs that have not started will not run; running ones finish");
        cancel.addListener(SWT.Selection, e -> session.cancel(viewer.getStructuredSelection().toList().stream()
                .map(JobRow.class::cast).toList()));
        viewer = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        WidgetIds.tag(viewer.getTable(), "monitor.table");
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parent, Object element) {
                JobState state = ((JobRow) element).state();
                return switch (filter.getSelectionIndex()) {
                    case 1 -> state == JobState.SUBMITTED || state == JobState.RETRYING;
                    case 2 -> state == JobState.RUNNING;
                    case 3 -> state == JobState.DONE;
                    case 4 -> state == JobState.FAILED;
                    default -> true;
                };
            }
        });
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                if (sortKey == null) {
                    return 0; // the order jobs were submitted in
                }
                int order = NATURAL.compare(sortKey.apply((JobRow) a), sortKey.apply((JobRow) b));
                return sortDirection == SWT.UP ? order : -order;
            }
        });
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
        session.removeListener(refresh);
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
            viewer.refresh();
        });
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((JobRow) element);
            }
        });
    }

    /**
     * Adds the rows of new jobs and redraws those that changed, rather than rebuilding the table:
     * a rebuild makes GTK measure every row again, which at hundreds of rows stalls the window.
     * When the user sorted by a column, a change may move a row, so the table is refreshed.
     */
    private void showRows(List<JobRow> jobs) {
        List<JobRow> added = new ArrayList<>();
        List<JobRow> changed = new ArrayList<>();
        for (JobRow row : jobs) {
            Integer shown = shownVersions.put(row, row.version());
            if (shown == null) {
                added.add(row);
            } else if (shown != row.version()) {
                changed.add(row);
            }
        }
        if (viewer.getInput() == null) {
            viewer.setInput(shownRows);
        }
        shownRows.addAll(added);
        if (sortKey != null && !changed.isEmpty()) {
            viewer.refresh();
            return;
        }
        if (!added.isEmpty()) {
            viewer.add(added.toArray());
        }
        if (!changed.isEmpty()) {
            viewer.update(changed.toArray(), null);
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
            cluster.setText(session.clusterSummary());
            queues.setText(session.queueSummary());
            List<JobRow> jobs = session.jobs();
            showRows(jobs);
            List<BatchProgress> progress = BatchProgress.of(jobs);
            boolean relayout = false;
            for (int i = 0; i < BATCHES_SHOWN; i++) {
                boolean shown = i < progress.size();
                if (batchBars[i].getVisible() != shown) {
                    for (Control line : new Control[] {batchBars[i], batchLabels[i]}) {
                        line.setVisible(shown);
                        ((GridData) line.getLayoutData()).exclude = !shown;
                    }
                    relayout = true;
                }
                if (shown) {
                    batchBars[i].setSelection(progress.get(i).percentEnded());
                    batchLabels[i].setText(progress.get(i).summary());
                }
            }
            if (relayout) {
                viewer.getControl().getParent().layout(true, true);
            }
        }
    }
}
