package io.tessera.app;

import io.tessera.ui.session.TesseraSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        forgetLayoutOfAnOlderModel(workspace.getRoot().getLocation().toFile().toPath().resolve(".metadata"));
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

    /**
     * The layout a user arranged is kept between sessions (the saved model wins over the shipped
     * one), but a saved model from another build of Application.e4xmi would hide what that build
     * added: new menus, new views. So the saved layout is kept only while the shipped model is the
     * one it was saved from. This runs before the workbench loads its model.
     */
    private void forgetLayoutOfAnOlderModel(Path metadata) {
        Path saved = metadata.resolve(".plugins/org.eclipse.e4.workbench/workbench.xmi");
        Path stamp = metadata.resolve("tessera-model.sha256");
        try (InputStream in = FrameworkUtil.getBundle(getClass()).getEntry("Application.e4xmi").openStream()) {
            String shipped = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            String stamped = Files.isRegularFile(stamp) ? Files.readString(stamp).strip() : "";
            if (!shipped.equals(stamped)) {
                if (Files.deleteIfExists(saved)) {
                    ILog.of(getClass()).info("The application model changed with this build: the saved layout was reset");
                }
                Files.createDirectories(metadata);
                Files.writeString(stamp, shipped);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            ILog.of(getClass()).warn("Could not compare the saved layout with this build's model: " + e.getMessage());
        }
    }
}
