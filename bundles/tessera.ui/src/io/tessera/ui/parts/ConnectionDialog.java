package io.tessera.ui.parts;

import io.tessera.cloud.ConnectionCheck.Finding;
import io.tessera.ui.session.TesseraSession;
import java.io.IOException;
import java.util.List;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

/**
 * Which configuration the workbench uses, and what of it works: the S3 server and bucket, the
 * SQS server and queues, the credentials, each said precisely. For a bucket or queue that is
 * missing it offers to create it. The checks run in Jobs.
 */
final class ConnectionDialog extends Dialog {
    private static final int TEST = IDialogConstants.CLIENT_ID + 1;
    private static final int CREATE = IDialogConstants.CLIENT_ID + 2;

    private final TesseraSession session;
    private Table findings;
    private Label status;

    ConnectionDialog(Shell parent, TesseraSession session) {
        super(parent);
        this.session = session;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Connection — S3, SQS and credentials");
        WidgetIds.tag(shell, "connection.shell");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        Label file = WidgetIds.tag(new Label(area, SWT.WRAP), "connection.file");
        file.setText("Configuration: " + session.configurationName());
        findings = WidgetIds.tag(new Table(area, SWT.BORDER | SWT.FULL_SELECTION), "connection.findings");
        GridData size = new GridData(SWT.FILL, SWT.FILL, true, true);
        size.widthHint = 760;
        size.heightHint = 120;
        findings.setLayoutData(size);
        status = WidgetIds.tag(new Label(area, SWT.WRAP), "connection.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        test();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        WidgetIds.tag(createButton(parent, TEST, "Test connection", false), "connection.test");
        WidgetIds.tag(createButton(parent, CREATE, "Create what is missing", false), "connection.create");
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int id) {
        switch (id) {
            case TEST -> test();
            case CREATE -> run("Creating the missing bucket and queues", () -> {
                session.createMissing();
                return session.checkConnection();
            });
            default -> close();
        }
    }

    private void test() {
        run("Testing the connection", session::checkConnection);
    }

    private interface Check {
        List<Finding> run() throws IOException;
    }

    private void run(String what, Check check) {
        status.setText(what + "…");
        Job.create(what, monitor -> {
            List<Finding> found;
            String summary;
            try {
                found = check.run();
                long problems = found.stream().filter(f -> !f.ok()).count();
                summary = problems == 0 ? "Everything Tessera needs is there."
                        : problems + (problems == 1 ? " problem." : " problems.");
            } catch (IOException | RuntimeException e) {
                found = List.of();
                summary = "The check could not run: " + e.getMessage();
            }
            List<Finding> shown = found;
            String said = summary;
            if (!findings.isDisposed()) {
                findings.getDisplay().asyncExec(() -> {
                    if (findings.isDisposed()) {
                        return;
                    }
                    findings.removeAll();
                    for (Finding finding : shown) {
                        TableItem item = new TableItem(findings, SWT.NONE);
                        item.setText((finding.ok() ? "✓ " : "✗ ") + finding.what() + " " + finding.detail());
                        item.setForeground(findings.getDisplay().getSystemColor(
                                finding.ok() ? SWT.COLOR_DARK_GREEN : SWT.COLOR_DARK_RED));
                    }
                    status.setText(said);
                });
            }
            return Status.OK_STATUS;
        }).schedule();
    }
}
