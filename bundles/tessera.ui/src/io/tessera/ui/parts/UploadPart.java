package io.tessera.ui.parts;

import io.tessera.ui.session.TesseraSession;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/** The images of the next batch: add them by dialog or by path, remove them, see them listed. */
public final class UploadPart {
    @Inject
    private TesseraSession session;
    @Inject
    private UISynchronize ui;

    private Text path;
    private Label message;
    private Table files;
    private final Runnable refresh = () -> ui.asyncExec(this::refresh);

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(3, false));
        path = WidgetIds.tag(new Text(parent, SWT.BORDER | SWT.SINGLE), "upload.path");
        path.setMessage("Path of an image, or Browse…");
        path.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        path.addListener(SWT.DefaultSelection, e -> addTypedPath());
        Button add = WidgetIds.tag(new Button(parent, SWT.PUSH), "upload.add");
        add.setText("Add");
        add.addListener(SWT.Selection, e -> addTypedPath());
        Button browse = WidgetIds.tag(new Button(parent, SWT.PUSH), "upload.browse");
        browse.setText("Browse…");
        browse.addListener(SWT.Selection, e -> browse());

        message = WidgetIds.tag(new Label(parent, SWT.WRAP), "upload.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));

        files = WidgetIds.tag(new Table(parent, SWT.BORDER | SWT.MULTI | SWT.FULL_SELECTION), "upload.files");
        files.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        Button remove = WidgetIds.tag(new Button(parent, SWT.PUSH), "upload.remove");
        remove.setText("Remove");
        remove.addListener(SWT.Selection, e -> removeSelected());

        session.addListener(refresh);
        refresh();
    }

    @PreDestroy
    void dispose() {
        session.removeListener(refresh);
    }

    private void addTypedPath() {
        String text = path.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        add(List.of(Path.of(text)));
        path.setText("");
    }

    private void browse() {
        FileDialog dialog = new FileDialog(files.getShell(), SWT.OPEN | SWT.MULTI);
        dialog.setText("Add images");
        dialog.setFilterExtensions(new String[] {"*.png;*.jpg;*.jpeg;*.tif;*.tiff;*.gif;*.bmp", "*"});
        if (dialog.open() == null) {
            return;
        }
        List<Path> chosen = new ArrayList<>();
        for (String name : dialog.getFileNames()) {
            chosen.add(Path.of(dialog.getFilterPath(), name));
        }
        add(chosen);
    }

    private void add(List<Path> chosen) {
        List<String> problems = new ArrayList<>();
        for (Path file : chosen) {
            try {
                session.addPendingFile(file.toAbsolutePath());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        message.setText(String.join("\n", problems));
        message.getParent().layout();
    }

    private void removeSelected() {
        List<Path> selected = new ArrayList<>();
        for (TableItem item : files.getSelection()) {
            selected.add((Path) item.getData());
        }
        session.removePendingFiles(selected);
    }

    private void refresh() {
        if (files.isDisposed()) {
            return;
        }
        files.removeAll();
        for (Path file : session.pendingFiles()) {
            TableItem item = new TableItem(files, SWT.NONE);
            item.setText(file.getFileName() + "  —  " + file.getParent());
            item.setData(file);
        }
    }
}
