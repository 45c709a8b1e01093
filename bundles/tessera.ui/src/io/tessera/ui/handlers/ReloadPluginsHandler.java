package io.tessera.ui.handlers;

import io.tessera.core.op.OperationCatalog;
import io.tessera.ui.session.RegisteredOperations;
import jakarta.inject.Named;
import org.eclipse.core.runtime.ILog;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

/**
 * Window › Reload Plugins: installs, updates or removes the bundles of the plugins folder's jars
 * and puts the catalogue they make in the application's context, where the palette (and every
 * batch from now on) takes it. Says what changed and which jars were left out, and why.
 */
public final class ReloadPluginsHandler {
    @Execute
    void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, MApplication application,
            RegisteredOperations operations) {
        RegisteredOperations.Reload reload = operations.reload();
        application.getContext().set(OperationCatalog.class, operations.get());
        if (reload.problems()) {
            ILog.of(getClass()).warn("Reload Plugins:\n" + reload.summary());
            MessageDialog.openWarning(shell, "Reload Plugins", reload.summary());
        } else {
            MessageDialog.openInformation(shell, "Reload Plugins", reload.summary());
        }
    }
}
