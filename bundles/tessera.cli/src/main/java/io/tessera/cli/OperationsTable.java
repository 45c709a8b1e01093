package io.tessera.cli;

import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's table of operations, derived from their declarations ({@code ./tessera ops
 * --markdown}); a test keeps the README's copy equal to it.
 */
public final class OperationsTable {
    private OperationsTable() {
    }

    /** Macro code in a table cell: each line as code, lines apart, pipes escaped. */
    private static String asCode(String macro) {
        return macro.lines().map(line -> "`" + line.replace("|", "\\|") + "`").collect(Collectors.joining("<br>"));
    }

    public static String markdown(OperationCatalog catalog) {
        StringBuilder table = new StringBuilder("| operation | category | pixel types | parameters | in ImageJ (defaults) |\n"
                + "| --- | --- | --- | --- | --- |\n");
        catalog.operations().stream()
                .sorted(Comparator.comparing((Operation op) -> op.info().category()).thenComparing(Operation::id))
                .forEach(op -> {
                    OperationInfo info = op.info();
                    table.append("| `").append(info.id()).append("` ")
                            .append(op.aliases().stream().map(a -> "(also `" + a + "`) ").collect(Collectors.joining()))
                            .append(info.description())
                            .append(" | ").append(info.category())
                            .append(" | ").append(info.accepts().stream().sorted().map(PixelType::label)
                                    .collect(Collectors.joining(", ")))
                            .append(" | ").append(info.parameters().isEmpty() ? "—" : info.parameters().stream()
                                    .map(p -> "`" + p.name() + "` " + p.describe().replace("|", "\\|"))
                                    .collect(Collectors.joining("<br>")))
                            .append(" | ").append(op.imagejMacro(catalog.bind(new PipelineStep(op.id(), Map.of())))
                                    .map(OperationsTable::asCode).orElse("—"))
                            .append(" |\n");
                });
        return table.toString();
    }
}
