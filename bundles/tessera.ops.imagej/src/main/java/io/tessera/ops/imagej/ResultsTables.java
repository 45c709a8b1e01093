package io.tessera.ops.imagej;

import ij.measure.ResultsTable;
import io.tessera.core.op.MeasurementTable;
import java.util.ArrayList;
import java.util.List;

/** ImageJ's ResultsTable as Tessera's {@link MeasurementTable}: its numeric columns, in ImageJ's order. */
final class ResultsTables {
    private ResultsTables() {
    }

    static MeasurementTable of(String measurement, ResultsTable table) {
        List<String> columns = new ArrayList<>();
        for (String heading : table.getHeadings()) {
            // " " is the row number and Label a text column: neither is a measurement
            if (!heading.isBlank() && !heading.equals("Label") && table.columnExists(heading)) {
                columns.add(heading);
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (int row = 0; row < table.size(); row++) {
            double[] values = new double[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = table.getValue(columns.get(c), row);
            }
            rows.add(values);
        }
        return new MeasurementTable(measurement, columns, rows);
    }
}
