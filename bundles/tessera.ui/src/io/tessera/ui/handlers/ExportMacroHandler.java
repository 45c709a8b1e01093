package io.tessera.ui.handlers;

import io.tessera.core.job.Provenance;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ui.parts.ImageJMacroDialog;
import io.tessera.ui.parts.Selections;
import io.tessera.ui.session.ResultRecords;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

/**
 * A result's "Export as ImageJ Macro…": the pipeline recorded in the provenance of the selected
 * results (one pipeline; results made by several are refused with their count), as an ImageJ macro.
 */
public final class ExportMacroHandler {
    @CanExecute
    boolean canExecute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        return !Selections.results(selection).isEmpty();
    }

    @Execute
    void execute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection, OperationCatalog catalog,
            @Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
        List<Path> results = Selections.results(selection);
        Set<List<PipelineStep>> pipelines = new LinkedHashSet<>();
        try {
            for (Path result : results) {
                ResultRecords.of(result).map(Provenance::pipeline).ifPresent(pipelines::add);
            }
            if (pipelines.size() != 1) {
                MessageDialog.openInformation(shell, "Export as ImageJ Macro", "The " + results.size()
                        + " selected results were made by " + pipelines.size() + " different pipelines; select"
                        + " results of one pipeline to export it.");
                return;
            }
            Path first = results.get(0);
            String name = first.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path workspace = ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath();
            String shown = first.startsWith(workspace) ? workspace.relativize(first).toString()
                    : first.getFileName().toString(); // project/results/name.png, as the tree shows it
            String source = results.size() == 1 ? shown : results.size() + " results";
            ImageJMacroDialog.open(shell, catalog, pipelines.iterator().next(), source, name + ".ijm");
        } catch (IOException | InvalidPipelineException e) {
            MessageDialog.openError(shell, "Cannot export as ImageJ macro", e.getMessage());
        }
    }
}
