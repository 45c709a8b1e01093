package io.tessera.ui.handlers;

import io.tessera.ui.parts.ConnectionDialog;
import io.tessera.ui.session.Connection;
import jakarta.inject.Named;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;

/** Window › Connection…: endpoints, queues and credentials, tested and saved for the workspace. */
public final class ConnectionHandler {
    @Execute
    void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Connection connection) {
        new ConnectionDialog(shell, connection).open();
    }
}
