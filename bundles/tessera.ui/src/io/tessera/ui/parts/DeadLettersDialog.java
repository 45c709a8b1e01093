package io.tessera.ui.parts;

import io.tessera.core.batch.DeadLetters;
import io.tessera.core.batch.DeadLetters.DeadLetter;
import io.tessera.ui.session.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The jobs the cluster could not run, with why: send them back to the jobs queue (redrive) or
 * discard them. The queue is read and changed in Jobs; while the dialog is open the listed
 * messages are held, and closing it releases the ones left.
 */
final class DeadLettersDialog extends Dialog {
    private static final int REDRIVE = IDialogConstants.CLIENT_ID + 1;
    private static final int DISCARD = IDialogConstants.CLIENT_ID + 2;

    private final Connection connection;
    private final List<DeadLetter> letters = new ArrayList<>();
    private DeadLetters queue;
    private Table table;
    private Label status;

    DeadLettersDialog(Shell parent, Connection connection) {
        super(parent);
        this.connection = connection;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Dead letters — jobs the cluster could not run");
        WidgetIds.tag(shell, "deadletters.shell");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        table = WidgetIds.tag(new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.CHECK),
                "deadletters.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData size = new GridData(SWT.FILL, SWT.FILL, true, true);
        size.widthHint = 820;
        size.heightHint = 260;
        table.setLayoutData(size);
        for (String[] column : new String[][] {{"Job", "330"}, {"Why it is here", "470"}}) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(column[0]);
            c.setWidth(Integer.parseInt(column[1]));
        }
        status = WidgetIds.tag(new Label(area, SWT.WRAP), "deadletters.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setText("Reading the dead-letter queue…");
        load();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        WidgetIds.tag(createButton(parent, REDRIVE, "Run again", false), "deadletters.redrive");
        WidgetIds.tag(createButton(parent, DISCARD, "Discard", false), "deadletters.discard");
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == REDRIVE || id == DISCARD) {
            List<DeadLetter> chosen = checked();
            if (chosen.isEmpty()) {
                status.setText("Tick the jobs to " + (id == REDRIVE ? "run again" : "discard") + " first.");
                return;
            }
            act(id == REDRIVE, chosen);
        } else {
            close();
        }
    }

    @Override
    public boolean close() {
        // What is still listed goes back to being visible for other readers, unchanged.
        List<DeadLetter> left = List.copyOf(letters);
        DeadLetters held = queue;
        if (held != null && !left.isEmpty()) {
            Job.create("Releasing dead letters", monitor -> {
                try {
                    held.release(left);
                } catch (IOException e) {
                    // they become visible again when their visibility timeout runs out
                }
                return Status.OK_STATUS;
            }).schedule();
        }
        return super.close();
    }

    private List<DeadLetter> checked() {
        List<DeadLetter> chosen = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            if (item.getChecked()) {
                chosen.add((DeadLetter) item.getData());
            }
        }
        return chosen;
    }

    private void load() {
        Job.create("Reading the dead-letter queue", monitor -> {
            try {
                DeadLetters opened = connection.deadLetters();
                List<DeadLetter> found = opened.list(1000);
                Later.onUi(table, () -> {
                    queue = opened;
                    letters.clear();
                    letters.addAll(found);
                    show(found.size() + (found.size() == 1 ? " job" : " jobs") + " the cluster could not run.");
                });
            } catch (IOException e) {
                Later.onUi(table, () -> status.setText("Cannot read the dead-letter queue: " + e.getMessage()));
            }
            return Status.OK_STATUS;
        }).schedule();
    }

    private void act(boolean redrive, List<DeadLetter> chosen) {
        DeadLetters held = queue;
        Job.create(redrive ? "Running dead letters again" : "Discarding dead letters", monitor -> {
            try {
                if (redrive) {
                    held.redrive(chosen);
                } else {
                    held.discard(chosen);
                }
                Later.onUi(table, () -> {
                    letters.removeAll(chosen);
                    show(chosen.size() + (redrive ? " sent back to the jobs queue; " : " discarded; ") + letters.size()
                            + " left.");
                });
                return Status.OK_STATUS;
            } catch (IOException e) {
                Later.onUi(table, () -> status.setText("Could not " + (redrive ? "send them back: " : "discard them: ")
                        + e.getMessage()));
                return new Status(IStatus.ERROR, "tessera.ui", e.getMessage(), e);
            }
        }).schedule();
    }

    private void show(String message) {
        table.removeAll();
        for (DeadLetter letter : letters) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {letter.label(), letter.reason()});
            item.setData(letter);
        }
        status.setText(message);
    }
}
