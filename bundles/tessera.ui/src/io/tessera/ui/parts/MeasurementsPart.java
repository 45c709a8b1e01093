package io.tessera.ui.parts;

import io.tessera.core.batch.MeasurementsCsv;
import io.tessera.core.batch.NaturalOrder;
import io.tessera.core.job.Measurements;
import io.tessera.core.op.MeasurementTable;
import io.tessera.ui.session.BatchProgress;
import io.tessera.ui.session.JobBoard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * A batch's measurements (Measure, Analyze Particles) as one table: a row per image or per
 * particle, sorted by a click on a column's header, filtered by image name, copied (as tab
 * separated lines, which a spreadsheet pastes into cells) or saved as CSV; and a histogram of a
 * chosen column of the rows shown. The tables are those the job board fetched with the results
 * (for the project's measurements.csv): the view shows them again whenever more have arrived.
 */
public final class MeasurementsPart {
    /** The columns every row has before ImageJ's. */
    private static final List<String> LEADING = List.of("image", "measurement", "n");
    private static final int BINS = 20;

    @Inject
    private JobBoard board;

    private Combo batch;
    private Text filter;
    private CLabel count;
    private Table table;
    private Combo column;
    private Canvas histogram;
    private Throttle throttle;
    private final Runnable jobsChanged = () -> throttle.request();

    /** ImageJ's columns of the rows loaded, in order of appearance. */
    private List<String> columns = List.of();
    private List<Row> loaded = List.of();
    private List<Row> shown = List.of();
    private String loadedBatch;
    /** How many images' tables the rows were made from: more arrived, made again. */
    private int loadedImages = -1;
    private int sortColumn = -1;
    private boolean ascending = true;
    private int[] bins = new int[0];
    private double binMin;
    private double binMax;

    /** One row of a measurement table, with the image it belongs to. */
    private record Row(String image, String measurement, int n, double[] values) {
    }

    @PostConstruct
    void create(Composite parent) {
        Composite bar = BatchBar.over(parent, 7);
        batch = WidgetIds.tag(new Combo(bar, SWT.READ_ONLY), "measurements.batch");
        batch.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batch.addListener(SWT.Selection, e -> load(true));
        filter = WidgetIds.tag(new Text(bar, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL), "measurements.filter");
        filter.setMessage("Filter by image name");
        GridData filterData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        filterData.widthHint = 160;
        filter.setLayoutData(filterData);
        filter.addListener(SWT.Modify, e -> show());
        Button copy = WidgetIds.tag(new Button(bar, SWT.PUSH), "measurements.copy");
        copy.setText("Copy");
        copy.setToolTipText("Copy the selected rows (or all shown) with their header, tab separated, for a spreadsheet");
        copy.addListener(SWT.Selection, e -> copy());
        Button save = WidgetIds.tag(new Button(bar, SWT.PUSH), "measurements.save");
        save.setText("Save CSV…");
        save.setToolTipText("Save the rows shown, in their order, as a CSV file");
        save.addListener(SWT.Selection, e -> save());
        count = WidgetIds.tag(new CLabel(bar, SWT.NONE), "measurements.count");
        count.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        SashForm split = new SashForm(parent, SWT.HORIZONTAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table = WidgetIds.tag(new Table(split, SWT.VIRTUAL | SWT.BORDER | SWT.MULTI | SWT.FULL_SELECTION),
                "measurements.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.addListener(SWT.SetData, e -> {
            TableItem item = (TableItem) e.item;
            int index = table.indexOf(item);
            if (index >= 0 && index < shown.size()) {
                item.setText(shownCells(shown.get(index)).toArray(String[]::new));
            }
        });
        Composite right = new Composite(split, SWT.NONE);
        GridLayout rightLayout = new GridLayout(2, false);
        rightLayout.marginHeight = 0;
        right.setLayout(rightLayout);
        new Label(right, SWT.NONE).setText("Histogram of");
        column = WidgetIds.tag(new Combo(right, SWT.READ_ONLY), "measurements.column");
        column.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        column.addListener(SWT.Selection, e -> histogram());
        histogram = WidgetIds.tag(new Canvas(right, SWT.BORDER | SWT.DOUBLE_BUFFERED), "measurements.histogram");
        histogram.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        histogram.addListener(SWT.Paint, e -> paintHistogram(e.gc));
        histogram.addListener(SWT.Resize, e -> histogram.redraw());
        split.setWeights(65, 35);

        throttle = new Throttle(parent.getDisplay(), 1000, () -> load(false));
        parent.addListener(SWT.Show, e -> load(false));
        board.addListener(jobsChanged);
        load(false);
    }

    @PreDestroy
    void dispose() {
        board.removeListener(jobsChanged);
    }

    /** The batches whose measurements have arrived, newest first, in the chooser. */
    private List<String> measuringBatches() {
        Set<String> measured = board.measuredBatches();
        return BatchProgress.of(board.jobs()).stream().map(BatchProgress::batch).filter(measured::contains).toList();
    }

    /**
     * Shows the chosen batch's measurements again if it changed, or if more of its images' tables
     * have arrived than its rows were made from (or always, when {@code chosen}: the user picked it).
     */
    private void load(boolean chosen) {
        if (batch.isDisposed() || !table.isVisible()) {
            return; // hidden: shown when brought to front (its Show listener)
        }
        List<String> batches = measuringBatches();
        String selected = batch.getSelectionIndex() >= 0 ? batch.getText() : null;
        if (!List.of(batch.getItems()).equals(batches)) {
            batch.setItems(batches.toArray(String[]::new));
            if (!batches.isEmpty()) {
                batch.select(selected != null && batches.contains(selected) ? batches.indexOf(selected) : 0);
            }
        }
        if (batch.getSelectionIndex() < 0) {
            count.setText(batches.isEmpty() ? "No batch of this session has measured yet: add Measure or Analyze"
                    + " particles to a pipeline." : "");
            return;
        }
        String wanted = batch.getText();
        List<Measurements> images = board.measurements(wanted);
        if (chosen || !wanted.equals(loadedBatch) || images.size() != loadedImages) {
            loaded(wanted, images);
        }
    }

    private void loaded(String from, List<Measurements> images) {
        Set<String> seen = new LinkedHashSet<>();
        images.forEach(m -> m.tables().forEach(t -> seen.addAll(t.columns())));
        List<String> names = List.copyOf(seen);
        List<Row> rows = new ArrayList<>();
        for (Measurements image : images) {
            for (MeasurementTable t : image.tables()) {
                for (int r = 0; r < t.rows().size(); r++) {
                    double[] values = new double[names.size()];
                    for (int c = 0; c < values.length; c++) {
                        values[c] = t.value(r, names.get(c));
                    }
                    rows.add(new Row(image.image(), t.measurement(), r + 1, values));
                }
            }
        }
        if (!names.equals(columns)) {
            columns = names;
            for (TableColumn old : table.getColumns()) {
                old.dispose();
            }
            List<String> headings = new ArrayList<>(LEADING);
            headings.addAll(columns);
            for (int i = 0; i < headings.size(); i++) {
                TableColumn c = new TableColumn(table, i < 2 ? SWT.LEFT : SWT.RIGHT);
                c.setText(headings.get(i));
                c.setWidth(i == 0 ? 140 : i == 1 ? 110 : 70);
                int index = i;
                c.addListener(SWT.Selection, e -> sortBy(index));
            }
            sortColumn = -1;
            String chosen = column.getText();
            column.setItems(columns.toArray(String[]::new));
            column.select(Math.max(0, columns.indexOf(chosen)));
        }
        loaded = rows;
        loadedBatch = from;
        loadedImages = images.size();
        show();
        count.setText(rows.size() + " row(s) from " + images.size() + " image(s)" + (shown.size() < rows.size()
                ? ", " + shown.size() + " shown" : ""));
    }

    /** The header's column {@code index} sorts the rows; a second click turns the order round. */
    private void sortBy(int index) {
        ascending = index == sortColumn ? !ascending : true;
        sortColumn = index;
        table.setSortColumn(table.getColumn(index));
        table.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        show();
    }

    private Comparator<Row> order() {
        Comparator<Row> by = switch (sortColumn) {
            case -1 -> null;
            case 0 -> Comparator.comparing(Row::image, NaturalOrder.INSTANCE);
            case 1 -> Comparator.comparing(Row::measurement);
            case 2 -> Comparator.comparingInt(Row::n);
            // NaN (no value) after every number, whichever the direction
            default -> (a, b) -> Double.compare(a.values()[sortColumn - LEADING.size()],
                    b.values()[sortColumn - LEADING.size()]);
        };
        return by == null ? null : ascending ? by : by.reversed();
    }

    /** Applies the filter and the order to the rows read, and shows them. */
    private void show() {
        String wanted = filter.getText().strip().toLowerCase(Locale.ROOT);
        List<Row> rows = new ArrayList<>(loaded.stream()
                .filter(r -> wanted.isEmpty() || r.image().toLowerCase(Locale.ROOT).contains(wanted)).toList());
        Comparator<Row> order = order();
        if (order != null) {
            rows.sort(order);
        }
        shown = List.copyOf(rows);
        table.clearAll();
        table.setItemCount(shown.size());
        if (loadedBatch != null) {
            count.setText(loaded.size() + " row(s)" + (shown.size() < loaded.size() ? ", " + shown.size() + " shown" : ""));
        }
        histogram();
    }

    private List<String> cells(Row row) {
        List<String> cells = new ArrayList<>(List.of(row.image(), row.measurement(), Integer.toString(row.n())));
        for (double v : row.values()) {
            cells.add(Double.isNaN(v) ? "" : MeasurementsCsv.number(v));
        }
        return cells;
    }

    /** As the table shows a row: numbers to ImageJ's three decimals (copied and saved rows keep all). */
    private List<String> shownCells(Row row) {
        List<String> cells = new ArrayList<>(List.of(row.image(), row.measurement(), Integer.toString(row.n())));
        for (double v : row.values()) {
            cells.add(!Double.isFinite(v) ? (Double.isNaN(v) ? "" : MeasurementsCsv.number(v))
                    : java.math.BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                            .toPlainString());
        }
        return cells;
    }

    private List<String> header() {
        List<String> header = new ArrayList<>(LEADING);
        header.addAll(columns);
        return header;
    }

    /** The selected rows, or all shown when none is selected. */
    private List<Row> chosenRows() {
        int[] selected = table.getSelectionIndices();
        if (selected.length == 0) {
            return shown;
        }
        java.util.Arrays.sort(selected);
        return java.util.Arrays.stream(selected).filter(i -> i < shown.size()).mapToObj(shown::get).toList();
    }

    private void copy() {
        List<Row> rows = chosenRows();
        StringBuilder text = new StringBuilder(String.join("\t", header())).append('\n');
        rows.forEach(r -> text.append(String.join("\t", cells(r))).append('\n'));
        Clipboard clipboard = new Clipboard(table.getDisplay());
        try {
            clipboard.setContents(new Object[] {text.toString()}, new Transfer[] {TextTransfer.getInstance()});
        } finally {
            clipboard.dispose();
        }
        count.setText("Copied " + rows.size() + " row(s) with their header.");
    }

    private void save() {
        if (shown.isEmpty()) {
            count.setText("No rows to save.");
            return;
        }
        FileDialog dialog = new FileDialog(table.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] {"*.csv", "*"});
        dialog.setFileName(loadedBatch + "-measurements.csv");
        dialog.setOverwrite(true); // the dialog asks before an existing file is replaced
        String target = dialog.open();
        if (target == null) {
            return;
        }
        try {
            Files.writeString(Path.of(target), MeasurementsCsv.table(header(), shown.stream().map(this::cells).toList()),
                    StandardCharsets.UTF_8);
            count.setText("Saved " + shown.size() + " row(s) to " + target);
        } catch (IOException e) {
            count.setText("Cannot save " + target + ": " + e.getMessage());
        }
    }

    /** Counts the shown rows' values of the chosen column in equal bins from their min to their max. */
    private void histogram() {
        int c = column.getSelectionIndex();
        double[] values = c < 0 ? new double[0]
                : shown.stream().mapToDouble(r -> r.values()[c]).filter(Double::isFinite).toArray();
        bins = new int[values.length == 0 ? 0 : BINS];
        binMin = java.util.Arrays.stream(values).min().orElse(0);
        binMax = java.util.Arrays.stream(values).max().orElse(0);
        for (double v : values) {
            int bin = binMax == binMin ? 0 : (int) Math.min(BINS - 1, (v - binMin) / (binMax - binMin) * BINS);
            bins[bin]++;
        }
        histogram.setData("tessera.histogram", bins.clone());
        histogram.redraw();
    }

    private void paintHistogram(GC gc) {
        Rectangle area = histogram.getClientArea();
        gc.fillRectangle(area);
        if (bins.length == 0) {
            gc.drawText("No values to count", 8, 8, true);
            return;
        }
        int textHeight = gc.getFontMetrics().getHeight();
        int top = textHeight + 6;
        int bottom = area.height - textHeight - 6;
        int most = java.util.Arrays.stream(bins).max().orElse(1);
        double width = (area.width - 16) / (double) bins.length;
        gc.setBackground(histogram.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION));
        for (int i = 0; i < bins.length; i++) {
            int height = (int) Math.round((bottom - top) * bins[i] / (double) Math.max(1, most));
            gc.fillRectangle(8 + (int) Math.round(i * width), bottom - height, Math.max(1, (int) width - 1), height);
        }
        gc.setForeground(histogram.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        gc.drawLine(8, bottom, area.width - 8, bottom);
        gc.drawText("most in a bin: " + most + " · " + java.util.Arrays.stream(bins).sum() + " values", 8, 2, true);
        gc.drawText(MeasurementsCsv.number(binMin), 8, bottom + 3, true);
        String max = MeasurementsCsv.number(binMax);
        gc.drawText(max, area.width - 8 - gc.textExtent(max).x, bottom + 3, true);
    }
}
