package io.tessera.app;

import io.tessera.cloud.local.PluginFolder;
import io.tessera.core.op.OperationCatalog;
import io.tessera.ui.session.ClusterReport;
import io.tessera.ui.session.Connection;
import io.tessera.ui.session.JobBoard;
import io.tessera.ui.session.NextBatch;
import io.tessera.ui.session.RegisteredOperations;
import io.tessera.ui.session.Reruns;
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
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;
import org.eclipse.e4.ui.workbench.lifecycle.ProcessAdditions;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Display;
import io.tessera.ui.parts.WindowFit;
import org.osgi.framework.FrameworkUtil;

/**
 * Puts the workspace and Tessera's models into the application context before any part is
 * created, each view taking the one it shows: the operations (the product's and the plugins
 * folder's), the connection, the jobs and their events, the cluster's report, the next batch,
 * re-runs. Closes them when the workbench shuts down.
 */
public final class Lifecycle {

    @PostContextCreate
    void postContextCreate(IEclipseContext context, IEventBroker broker) {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        forgetLayoutOfAnOlderModel(workspace.getRoot().getLocation().toFile().toPath().resolve(".metadata"));
        // The product's operations and those of the user's plugins folder, installed as bundles now.
        RegisteredOperations operations = new RegisteredOperations(FrameworkUtil.getBundle(getClass()).getBundleContext(),
                PluginFolder.ofThisProcess());
        RegisteredOperations.Reload loaded = operations.reload();
        if (loaded.problems()) {
            ILog.of(getClass()).warn("Some plugins were not loaded:\n" + loaded.summary());
        }
        Connection connection = new Connection(workspace.getRoot().getLocation().toFile().toPath());
        JobBoard board = new JobBoard(connection, workspace, operations);
        ClusterReport report = new ClusterReport(connection);
        context.set(IWorkspace.class, workspace);
        context.set(RegisteredOperations.class, operations);
        context.set(OperationCatalog.class, operations.get());
        context.set(Connection.class, connection);
        context.set(JobBoard.class, board);
        context.set(ClusterReport.class, report);
        context.set(NextBatch.class, new NextBatch(operations, connection, board));
        context.set(Reruns.class, new Reruns(operations, connection, board));
        broker.subscribe(UIEvents.UILifeCycle.APP_SHUTDOWN_STARTED, event -> {
            report.close();
            board.close();
            connection.close();
            try {
                workspace.save(true, null);
            } catch (CoreException e) {
                ILog.of(getClass()).log(e.getStatus());
            }
        });
    }

    /** At the first start on a screen the window takes the monitor's work area (see {@link WindowFit}). */
    @ProcessAdditions
    void fitTheScreen(MApplication application, EModelService models) {
        if (models.find("tessera.app.window", application) instanceof MWindow window) {
            WindowFit.atFirstStart(window, Display.getCurrent().getPrimaryMonitor().getClientArea());
        }
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
