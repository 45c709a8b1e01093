package io.tessera.ui.handlers;

import io.tessera.ui.parts.Selections;
import jakarta.inject.Named;
import java.util.stream.Collectors;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Shell;

/** Copy Path (project tree, Ctrl+C): the selected files' and folders' paths on disk, one a line. */
public final class CopyPathHandler {
    @CanExecute
    boolean canExecute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        return !Selections.resources(selection).isEmpty();
    }

    @Execute
    void execute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection,
            @Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
        String paths = Selections.resources(selection).stream().map(r -> r.getLocation().toOSString())
                .collect(Collectors.joining("\n"));
        Clipboard clipboard = new Clipboard(shell.getDisplay());
        try {
            clipboard.setContents(new Object[] {paths}, new Transfer[] {TextTransfer.getInstance()});
        } finally {
            clipboard.dispose();
        }
    }
}
