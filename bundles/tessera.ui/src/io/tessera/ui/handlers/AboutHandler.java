package io.tessera.ui.handlers;

import io.tessera.ui.parts.AboutDialog;
import io.tessera.ui.session.ClusterReport;
import io.tessera.ui.session.Connection;
import jakarta.inject.Named;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;

/** Help › About Tessera: the versions a bug report needs. */
public final class AboutHandler {
    @Execute
    void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, ClusterReport report,
            Connection connection) {
        new AboutDialog(shell, report, connection).open();
    }
}
