package io.tessera.ui.parts;

import io.tessera.cloud.CloudClients;
import io.tessera.core.job.ClusterStatus;
import io.tessera.core.job.Provenance;
import io.tessera.ui.session.ClusterReport;
import io.tessera.ui.session.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Tessera's version and those of what it is made of, as a bug report needs them: the workbench's
 * own libraries from their classes, Open MPI from the cluster's last report (the workbench never
 * loads MPI itself). "Copy" puts the list on the clipboard.
 */
public final class AboutDialog extends Dialog {
    private static final int COPY = IDialogConstants.CLIENT_ID + 1;

    private final ClusterReport report;
    private final Connection connection;
    private Map<String, String> versions;

    public AboutDialog(Shell parent, ClusterReport report, Connection connection) {
        super(parent);
        this.report = report;
        this.connection = connection;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About Tessera");
        WidgetIds.tag(shell, "about.shell");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        Label title = new Label(area, SWT.WRAP);
        title.setText("Tessera sends images through S3 and SQS to an Open MPI cluster of Java ranks running "
                + "ImageJ filters, and brings the results back into the project tree.");
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        ((GridData) title.getLayoutData()).widthHint = 520;
        Table table = WidgetIds.tag(new Table(area, SWT.BORDER | SWT.FULL_SELECTION), "about.versions");
        table.setHeaderVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        new TableColumn(table, SWT.NONE).setText("Component");
        new TableColumn(table, SWT.NONE).setText("Version");
        versions = versions();
        versions.forEach((component, version) -> new TableItem(table, SWT.NONE).setText(new String[] {component, version}));
        for (TableColumn column : table.getColumns()) {
            column.pack();
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        WidgetIds.tag(createButton(parent, COPY, "Copy", false), "about.copy");
        WidgetIds.tag(createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true), "about.close");
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == COPY) {
            Clipboard clipboard = new Clipboard(getShell().getDisplay());
            try {
                clipboard.setContents(new Object[] {asText()}, new Transfer[] {TextTransfer.getInstance()});
            } finally {
                clipboard.dispose();
            }
            return;
        }
        super.buttonPressed(buttonId);
    }

    /** The list as lines of text, as Copy puts it on the clipboard. */
    public String asText() {
        return versions.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
    }

    private Map<String, String> versions() {
        Map<String, String> found = new LinkedHashMap<>();
        found.put("Tessera", Provenance.tesseraVersion());
        found.put("ImageJ", ij.IJ.getFullVersion());
        found.put("Open MPI", report.lastClusterStatus().map(ClusterStatus::mpiLibrary)
                .filter(library -> library != null && !library.isBlank())
                .map(library -> library + " (as the cluster reports)")
                .orElse("no cluster has reported on this queue yet"));
        found.put("AWS SDK for Java", CloudClients.sdkVersion());
        found.put("Eclipse workbench (e4)", bundleVersion(org.eclipse.e4.ui.workbench.IWorkbench.class));
        found.put("SWT", SWT.getPlatform() + " " + SWT.getVersion());
        found.put("Java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        found.put("Connection", connection.configurationName());
        return found;
    }

    private static String bundleVersion(Class<?> type) {
        Bundle bundle = FrameworkUtil.getBundle(type);
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }
}
