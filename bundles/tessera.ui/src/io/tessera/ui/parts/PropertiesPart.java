package io.tessera.ui.parts;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.ProtocolException;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.PipelineStep;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.core.resources.IResource;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The resource selected in the project tree: where it is, how big, and for a result what made
 * it — input, its checksum, every step with every parameter, rank, time and versions — read from
 * the provenance record beside it. A selection elsewhere leaves the last one shown.
 */
public final class PropertiesPart {
    public static final String ID = "tessera.ui.part.properties";

    private Table table;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        table = WidgetIds.tag(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION), "properties.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        TableColumn property = new TableColumn(table, SWT.NONE);
        property.setText("Property");
        property.setWidth(150);
        TableColumn value = new TableColumn(table, SWT.NONE);
        value.setText("Value");
        value.setWidth(700);
    }

    @Inject
    void selectionChanged(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        List<IResource> resources = Selections.resources(selection);
        if (table == null || table.isDisposed() || resources.size() != 1) {
            return;
        }
        show(describe(resources.get(0)));
    }

    private void show(Map<String, String> properties) {
        table.removeAll();
        properties.forEach((name, value) -> new TableItem(table, SWT.NONE).setText(new String[] {name, value}));
    }

    /** A small file read on the UI thread: provenance records are a few hundred bytes. */
    static Map<String, String> describe(IResource resource) {
        Map<String, String> properties = new LinkedHashMap<>();
        Path file = resource.getLocation().toFile().toPath();
        properties.put("Name", resource.getName());
        properties.put("Location", file.toString());
        if (Files.isRegularFile(file)) {
            properties.put("Size", String.format("%,d bytes", file.toFile().length()));
        }
        Path record = Selections.isProvenance(resource) ? file : file.resolveSibling(file.getFileName() + Provenance.SUFFIX);
        if (!Files.isRegularFile(record)) {
            return properties;
        }
        try {
            Provenance p = JobCodec.decodeProvenance(Files.readString(record));
            properties.put("Input", p.inputKey());
            properties.put("Input SHA-256", p.inputSha256());
            properties.put("Result", p.outputKey());
            properties.put("Pipeline", p.pipeline().stream().map(PipelineStep::summary).collect(Collectors.joining(" → ")));
            properties.put("Made on rank", Integer.toString(p.rank()));
            properties.put("Made at", p.createdAt());
            properties.put("Tessera", p.tessera());
            properties.put("ImageJ", p.imagej());
        } catch (IOException | ProtocolException e) {
            properties.put("Provenance", "cannot be read: " + e.getMessage());
        }
        return properties;
    }
}
