package io.tessera.app;

import io.tessera.ui.session.TesseraSession;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;
import org.osgi.framework.FrameworkUtil;

/**
 * Puts the workspace and the Tessera session into the application context before any part is
 * created, and closes both when the workbench shuts down.
 */
public final class Lifecycle {

    @PostContextCreate
    void postContextCreate(IEclipseContext context, IEventBroker broker) {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        TesseraSession session = new TesseraSession(
                TesseraSession.operationsOf(FrameworkUtil.getBundle(getClass()).getBundleContext()), workspace);
        context.set(IWorkspace.class, workspace);
        context.set(TesseraSession.class, session);
        broker.subscribe(UIEvents.UILifeCycle.APP_SHUTDOWN_STARTED, event -> {
            session.close();
            try {
                workspace.save(true, null);
            } catch (CoreException e) {
                ILog.of(getClass()).log(e.getStatus());
            }
        });
    }
}
