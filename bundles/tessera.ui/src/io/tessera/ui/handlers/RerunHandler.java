package io.tessera.ui.handlers;

import io.tessera.ui.parts.Selections;
import io.tessera.ui.session.Reruns;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

/**
 * Run › Re-run on Selection (Ctrl+R): the results selected in the project tree (or all in the
 * selected folders and projects) made again from their inputs with their recorded pipelines.
 */
public final class RerunHandler {
    @CanExecute
    boolean canExecute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        return !Selections.results(selection).isEmpty();
    }

    @Execute
    void execute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection, Reruns reruns,
            @Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
        List<Path> results = Selections.results(selection);
        try {
            reruns.rerun(results);
        } catch (IOException | io.tessera.core.op.InvalidPipelineException e) {
            MessageDialog.openError(shell, "Cannot run again", e.getMessage());
        }
    }
}
