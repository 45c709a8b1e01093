package io.tessera.core.op;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers an operation measured on one image, as ImageJ's ResultsTable holds them: named columns
 * (ImageJ's headings: {@code Area}, {@code Mean}, {@code Circ.}, …) and one row per image or per
 * particle.
 *
 * @param measurement the id of the operation that measured, e.g. {@code analyze-particles}
 * @param columns     the headings, in ImageJ's order
 * @param rows        the values, one array per row, as long as {@code columns}
 */
public record MeasurementTable(String measurement, List<String> columns, List<double[]> rows) {

    public MeasurementTable {
        columns = List.copyOf(columns);
        List<double[]> copied = new ArrayList<>();
        for (double[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.size() + " columns");
            }
            copied.add(row.clone());
        }
        rows = List.copyOf(copied);
    }

    /** The value in a row under a heading; NaN where the table has no such column. */
    public double value(int row, String column) {
        int index = columns.indexOf(column);
        return index < 0 ? Double.NaN : rows.get(row)[index];
    }
}
