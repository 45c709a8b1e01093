package io.tessera.core.batch;

import io.tessera.core.job.Measurements;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch's measurements joined into one CSV for a spreadsheet: a row per image (Measure) or per
 * particle (Analyze Particles), each with its image's name, the measuring step, the row's number in
 * that image's table, then ImageJ's columns (the union of the tables', in order of appearance; a
 * table without a column leaves its cell empty). Numbers are written in full, not to ImageJ's
 * three displayed decimals.
 */
public final class MeasurementsCsv {
    private MeasurementsCsv() {
    }

    /** The CSV of these images' measurements, in the order given; UTF-8, lines ending in CRLF (RFC 4180). */
    public static String of(List<Measurements> images) {
        Set<String> columns = new LinkedHashSet<>();
        images.forEach(m -> m.tables().forEach(t -> columns.addAll(t.columns())));
        List<String> header = new ArrayList<>(List.of("image", "measurement", "n"));
        header.addAll(columns);
        List<List<String>> lines = new ArrayList<>();
        for (Measurements image : images) {
            for (MeasurementTable table : image.tables()) {
                for (int row = 0; row < table.rows().size(); row++) {
                    List<String> cells = new ArrayList<>(List.of(image.image(), table.measurement(),
                            Integer.toString(row + 1)));
                    for (String column : columns) {
                        cells.add(table.columns().contains(column) ? number(table.value(row, column)) : "");
                    }
                    lines.add(cells);
                }
            }
        }
        return table(header, lines);
    }

    /** Any table as CSV: a header line and the rows, cells quoted where they must be (RFC 4180). */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, header);
        rows.forEach(row -> line(csv, row));
        return csv.toString();
    }

    /** A number as the CSV writes it: whole numbers without ".0", others in full, "NaN" for none. */
    public static String number(double value) {
        return Parameter.format(value);
    }

    /** How many data rows {@link #of} writes for these images. */
    public static int rows(List<Measurements> images) {
        return images.stream().mapToInt(m -> m.tables().stream().mapToInt(t -> t.rows().size()).sum()).sum();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i);
            boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
            csv.append(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        csv.append("\r\n");
    }
}
