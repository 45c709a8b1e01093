package io.tessera.ui.parts;

import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.ConnectionCheck.Finding;
import io.tessera.ui.session.Connection;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Where Tessera's bucket and queues are and how to sign in: S3 and SQS endpoints (empty for AWS
 * itself), region, bucket, jobs queue, and credentials from the AWS default chain, a named profile
 * or an access key. "Test connection" checks what the form says and names precisely what is
 * missing; "Create what is missing" creates bucket and queues; "Save" keeps it for this workspace
 * with the secret key in Eclipse secure storage. Network work runs in Jobs.
 */
public final class ConnectionDialog extends Dialog {
    private static final int TEST = IDialogConstants.CLIENT_ID + 1;
    private static final int CREATE = IDialogConstants.CLIENT_ID + 2;
    private static final int SAVE = IDialogConstants.CLIENT_ID + 3;
    private static final int FORGET = IDialogConstants.CLIENT_ID + 4;
    private static final String[] CREDENTIALS = {"AWS default chain (environment, ~/.aws, instance role)",
        "AWS profile", "Access key"};

    private final Connection connection;
    private Label source;
    private Text s3;
    private Text sqs;
    private Text region;
    private Text bucket;
    private Text queue;
    private Combo credentials;
    private Text profile;
    private Text accessKey;
    private Text secretKey;
    private Text macroKey;
    private Table findings;
    private Label status;

    public ConnectionDialog(Shell parent, Connection connection) {
        super(parent);
        this.connection = connection;
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
        area.setLayout(new GridLayout(2, false));
        source = WidgetIds.tag(new Label(area, SWT.WRAP), "connection.source");
        source.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        s3 = field(area, "S3 endpoint", "connection.s3", "empty for AWS itself; e.g. http://127.0.0.1:9000");
        sqs = field(area, "SQS endpoint", "connection.sqs", "empty for AWS itself");
        region = field(area, "Region", "connection.region", "e.g. eu-central-1");
        bucket = field(area, "Bucket", "connection.bucket", "holds inputs/, results/ and cluster/");
        queue = field(area, "Jobs queue", "connection.queue", "a FIFO queue, name ending in .fifo");
        new Label(area, SWT.NONE).setText("Credentials");
        credentials = WidgetIds.tag(new Combo(area, SWT.READ_ONLY), "connection.credentials");
        credentials.setItems(CREDENTIALS);
        credentials.addListener(SWT.Selection, e -> enableCredentialFields());
        profile = field(area, "Profile", "connection.profile", "a profile of ~/.aws/credentials");
        accessKey = field(area, "Access key", "connection.accessKey", "");
        new Label(area, SWT.NONE).setText("Secret key");
        secretKey = WidgetIds.tag(new Text(area, SWT.BORDER | SWT.PASSWORD), "connection.secretKey");
        secretKey.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        secretKey.setMessage("kept in Eclipse secure storage, never in a plain file");
        new Label(area, SWT.NONE).setText("Macro key");
        macroKey = WidgetIds.tag(new Text(area, SWT.BORDER | SWT.PASSWORD), "connection.macroKey");
        macroKey.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        macroKey.setMessage("the cluster's macro.key (hex), to sign jobs that run ImageJ macros; in secure storage");

        findings = WidgetIds.tag(new Table(area, SWT.BORDER | SWT.FULL_SELECTION), "connection.findings");
        GridData size = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        size.widthHint = 780;
        size.heightHint = 90;
        findings.setLayoutData(size);
        status = WidgetIds.tag(new Label(area, SWT.WRAP), "connection.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        show();
        test();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        WidgetIds.tag(createButton(parent, TEST, "Test connection", false), "connection.test");
        WidgetIds.tag(createButton(parent, CREATE, "Create what is missing", false), "connection.create");
        WidgetIds.tag(createButton(parent, SAVE, "Save", false), "connection.save");
        WidgetIds.tag(createButton(parent, FORGET, "Use the start configuration", false), "connection.forget");
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int id) {
        switch (id) {
            case TEST -> test();
            case CREATE -> withForm("Creating the missing bucket and queues", config -> {
                connection.createMissing(config);
                return connection.check(config);
            });
            case SAVE -> withForm("Saving the connection", config -> {
                connection.save(config);
                return connection.check(config);
            });
            case FORGET -> {
                try {
                    connection.forget();
                    show();
                    test();
                } catch (IOException e) {
                    status.setText("Could not forget the saved connection: " + e.getMessage());
                }
            }
            default -> close();
        }
    }

    private Text field(Composite area, String label, String id, String hint) {
        new Label(area, SWT.NONE).setText(label);
        Text text = WidgetIds.tag(new Text(area, SWT.BORDER), id);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.setMessage(hint);
        return text;
    }

    /** Fills the form with the connection in use. */
    private void show() {
        source.setText("In use: " + connection.configurationName());
        try {
            CloudConfig config = connection.currentConfig();
            s3.setText(config.s3Endpoint() == null ? "" : config.s3Endpoint().toString());
            sqs.setText(config.sqsEndpoint() == null ? "" : config.sqsEndpoint().toString());
            region.setText(config.region());
            bucket.setText(config.bucket());
            queue.setText(config.jobsQueue());
            profile.setText(config.profile() == null ? "" : config.profile());
            accessKey.setText(config.accessKey() == null ? "" : config.accessKey());
            secretKey.setText(config.secretKey() == null ? "" : config.secretKey());
            macroKey.setText(config.macroKey() == null ? "" : config.macroKey());
            credentials.select(config.accessKey() != null ? 2 : config.profile() != null ? 1 : 0);
        } catch (IOException e) {
            credentials.select(0);
            status.setText(e.getMessage());
        }
        enableCredentialFields();
    }

    private void enableCredentialFields() {
        profile.setEnabled(credentials.getSelectionIndex() == 1);
        accessKey.setEnabled(credentials.getSelectionIndex() == 2);
        secretKey.setEnabled(credentials.getSelectionIndex() == 2);
    }

    /** The form as a configuration, or an exception whose message says which field is wrong. */
    private CloudConfig fromForm() {
        String jobs = queue.getText().strip();
        if (bucket.getText().isBlank()) {
            throw new IllegalArgumentException("Enter the bucket.");
        }
        if (!jobs.endsWith(".fifo")) {
            throw new IllegalArgumentException("The jobs queue must be a FIFO queue: its name ends in .fifo.");
        }
        int mode = credentials.getSelectionIndex();
        if (mode == 1 && profile.getText().isBlank()) {
            throw new IllegalArgumentException("Enter the profile's name.");
        }
        if (mode == 2 && (accessKey.getText().isBlank() || secretKey.getText().isEmpty())) {
            throw new IllegalArgumentException("Enter the access key and its secret key.");
        }
        String key = macroKey.getText().strip();
        if (!key.isEmpty()) {
            io.tessera.core.job.JobSignature.parseKey(key); // its own words when it is not a key
        }
        return new CloudConfig(endpoint(s3, "S3"), endpoint(sqs, "SQS"),
                region.getText().isBlank() ? "us-east-1" : region.getText().strip(),
                mode == 2 ? accessKey.getText().strip() : null, mode == 2 ? secretKey.getText() : null,
                mode == 1 ? profile.getText().strip() : null, bucket.getText().strip(), jobs,
                CloudConfig.deadLettersFor(jobs), CloudConfig.DEFAULT_MAX_RECEIVES, key.isEmpty() ? null : key);
    }

    private static URI endpoint(Text field, String what) {
        String text = field.getText().strip();
        if (text.isEmpty()) {
            return null;
        }
        URI uri = URI.create(text);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("The " + what + " endpoint must look like http://host:port.");
        }
        return uri;
    }

    private interface Action {
        List<Finding> run(CloudConfig config) throws IOException;
    }

    private void test() {
        withForm("Testing the connection", connection::check);
    }

    private void withForm(String what, Action action) {
        CloudConfig config;
        try {
            config = fromForm();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        status.setText(what + "…");
        Job.create(what, monitor -> {
            List<Finding> found;
            String summary;
            try {
                found = action.run(config);
                long problems = found.stream().filter(f -> !f.ok()).count();
                summary = (what.startsWith("Saving") ? "Saved for this workspace. " : "")
                        + (problems == 0 ? "Everything Tessera needs is there."
                                : problems + (problems == 1 ? " problem." : " problems."));
            } catch (IOException | RuntimeException e) {
                found = List.of();
                summary = what + " failed: " + e.getMessage();
            }
            List<Finding> shown = found;
            String said = summary;
            Later.onUi(findings, () -> {
                findings.removeAll();
                for (Finding finding : shown) {
                    TableItem item = new TableItem(findings, SWT.NONE);
                    item.setText((finding.ok() ? "✓ " : "✗ ") + finding.what() + " " + finding.detail());
                    item.setForeground(findings.getDisplay().getSystemColor(
                            finding.ok() ? SWT.COLOR_DARK_GREEN : SWT.COLOR_DARK_RED));
                }
                status.setText(said);
                source.setText("In use: " + connection.configurationName());
            });
            return Status.OK_STATUS;
        }).schedule();
    }
}
