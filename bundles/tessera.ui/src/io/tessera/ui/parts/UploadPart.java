package io.tessera.ui.parts;

import io.tessera.core.batch.BatchClient;
import io.tessera.ui.session.NextBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The images of the next batch: add files and folders by dialog, by path or by dropping them from
 * the file manager; see each one's thumbnail, size, dimensions and pixel type; remove some; name
 * the batch; watch the upload and cancel it. The table is virtual and the thumbnails are read in
 * the background, so thousands of files cost the UI thread only the rows on screen.
 */
public final class UploadPart {
    public static final String ID = "tessera.ui.part.upload";
    private static final String[] COLUMNS = {"Image", "Size", "Dimensions", "Pixel type", "Upload", "Folder"};

    @Inject
    private NextBatch nextBatch;

    private Text path;
    private Text batchName;
    private Label message;
    private Table files;
    private ProgressBar progress;
    private CLabel progressText;
    private Button cancel;
    private Button remove;
    private List<Path> shown = List.of();
    /** Files of the upload in progress already sent: their rows stay, marked, until it ends. */
    private final java.util.Set<Path> sent = new java.util.HashSet<>();
    private ImageFacts facts;
    /** Many changes in a burst (a folder of thousands, an upload) make one refresh, not thousands. */
    private Throttle throttle;
    private Display display;
    private final Runnable refresh = this::refreshSoon;
    /** Files whose thumbnail and facts were read since the last refresh: only their rows are redrawn. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Path> factsArrived = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @PostConstruct
    void create(Composite parent) {
        display = parent.getDisplay();
        throttle = new Throttle(display, 300, this::refresh);
        facts = new ImageFacts(display, file -> {
            factsArrived.add(file);
            refreshSoon();
        });
        parent.setLayout(new GridLayout(4, false));
        path = WidgetIds.tag(new Text(parent, SWT.BORDER | SWT.SINGLE), "upload.path");
        path.setMessage("Path of an image or a folder, or drop files here");
        path.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        path.addListener(SWT.DefaultSelection, e -> addTypedPath());
        button(parent, "upload.add", "Add", "Add the file or folder typed at the left").addListener(SWT.Selection,
                e -> addTypedPath());
        button(parent, "upload.browse", "Files…", "Choose images (Ctrl+I)").addListener(SWT.Selection, e -> browseFiles());
        button(parent, "upload.browseFolder", "Folder…", "Add every image of a folder and its subfolders (Ctrl+Shift+I)")
                .addListener(SWT.Selection, e -> browseFolder());

        message = WidgetIds.tag(new Label(parent, SWT.WRAP), "upload.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));

        files = WidgetIds.tag(new Table(parent, SWT.BORDER | SWT.MULTI | SWT.FULL_SELECTION | SWT.VIRTUAL), "upload.files");
        files.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        files.setHeaderVisible(true);
        int[] widths = {150, 60, 90, 80, 60, 200};
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn column = new TableColumn(files, i == 1 ? SWT.RIGHT : SWT.LEFT);
            column.setText(COLUMNS[i]);
            column.setWidth(widths[i]);
        }
        // GTK sometimes asks without an index; the item knows where it is.
        files.addListener(SWT.SetData, e -> fill((TableItem) e.item, e.index >= 0 ? e.index : files.indexOf((TableItem) e.item)));
        files.addListener(SWT.Selection, e -> {
            int index = files.getSelectionIndex();
            nextBatch.setPreviewImage(index >= 0 && index < shown.size() ? shown.get(index) : null);
        });
        files.addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.DEL) {
                removeSelected();
            }
        });
        acceptDrops(files);
        acceptDrops(parent);

        Composite batch = new Composite(parent, SWT.NONE);
        batch.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        batch.setLayout(new GridLayout(4, false));
        remove = button(batch, "upload.remove", "Remove", "Remove the selected files from the batch (Delete)");
        remove.addListener(SWT.Selection, e -> removeSelected());
        new Label(batch, SWT.NONE).setText("Batch name");
        batchName = WidgetIds.tag(new Text(batch, SWT.BORDER | SWT.SINGLE), "upload.batchName");
        batchName.setMessage("optional; the project is named after it");
        batchName.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batchName.addListener(SWT.Modify, e -> nextBatch.setBatchLabel(batchName.getText()));
        new Label(batch, SWT.NONE);

        progress = WidgetIds.tag(new ProgressBar(batch, SWT.HORIZONTAL | SWT.SMOOTH), "upload.progress");
        progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        // Changes with every file sent: CLabel repaints itself without a relayout of the window.
        progressText = WidgetIds.tag(new CLabel(batch, SWT.NONE), "upload.progressText");
        progressText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        cancel = button(batch, "upload.cancel", "Cancel", "Stop the upload; the files not sent stay here");
        cancel.addListener(SWT.Selection, e -> nextBatch.cancelUpload());

        nextBatch.addListener(refresh);
        refresh();
    }

    @PreDestroy
    void dispose() {
        nextBatch.removeListener(refresh);
        facts.dispose();
    }

    /** Opens the file dialog and adds the images chosen. */
    public void browseFiles() {
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

    /** Opens the folder dialog and adds the images of the folder chosen and its subfolders. */
    public void browseFolder() {
        DirectoryDialog dialog = new DirectoryDialog(files.getShell());
        dialog.setText("Add the images of a folder");
        String chosen = dialog.open();
        if (chosen != null) {
            add(List.of(Path.of(chosen)));
        }
    }

    private Button button(Composite parent, String id, String text, String tooltip) {
        Button button = WidgetIds.tag(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.setToolTipText(tooltip);
        return button;
    }

    private void acceptDrops(org.eclipse.swt.widgets.Control control) {
        FileDrops.accept(control, this::add);
    }

    private void addTypedPath() {
        String text = path.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        add(List.of(Path.of(text)));
        path.setText("");
    }

    /** Files are added at once; folders are walked in a Job and report how many images they held. */
    private void add(List<Path> chosen) {
        List<String> problems = new ArrayList<>();
        for (Path file : chosen) {
            Path absolute = file.toAbsolutePath();
            try {
                if (Files.isDirectory(absolute)) {
                    nextBatch.addPendingFolder(absolute, added -> Later.onUi(message, () -> say(
                            added == 0 ? "no images in " + absolute : added + " image(s) added from " + absolute)));
                } else {
                    nextBatch.addPendingFile(absolute);
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        say(String.join("\n", problems));
    }

    private void say(String text) {
        message.setText(text);
        message.getParent().layout();
    }

    private void removeSelected() {
        if (nextBatch.uploadProgress() != null) {
            return;
        }
        List<Path> selected = new ArrayList<>();
        for (int index : files.getSelectionIndices()) {
            if (index < shown.size()) {
                selected.add(shown.get(index));
            }
        }
        files.deselectAll();
        nextBatch.removePendingFiles(selected);
    }

    private void refreshSoon() {
        throttle.request();
    }


    /**
     * Changes the rows that changed: appends those added, redraws those whose facts arrived, and
     * while an upload runs marks each file sent rather than removing its row — removing rows one
     * by one makes GTK rework the whole list each time, which during an upload of hundreds of
     * files stalls the window. When the upload ends, the sent rows go all at once.
     */
    private void refresh() {
        if (files.isDisposed()) {
            return;
        }
        List<Path> now = nextBatch.pendingFiles();
        java.util.Set<Path> remaining = new java.util.HashSet<>(now);
        if (nextBatch.uploadProgress() != null) {
            for (int i = 0; i < shown.size(); i++) {
                if (!remaining.contains(shown.get(i)) && sent.add(shown.get(i))) {
                    files.clear(i);
                }
            }
            List<Path> added = now.stream().filter(f -> !shown.contains(f)).toList();
            if (!added.isEmpty()) {
                List<Path> longer = new ArrayList<>(shown);
                longer.addAll(added);
                shown = longer;
                files.setItemCount(shown.size());
            }
        } else if (!now.equals(shown)) {
            List<Path> kept = shown.stream().filter(remaining::contains).toList();
            int[] gone = java.util.stream.IntStream.range(0, shown.size()).filter(i -> !remaining.contains(shown.get(i)))
                    .toArray();
            boolean appendedOnly = now.size() >= kept.size() && now.subList(0, kept.size()).equals(kept);
            if (appendedOnly && gone.length <= 10) {
                files.remove(gone);
                files.setItemCount(now.size()); // the new rows are filled when shown
            } else {
                files.removeAll(); // one step for GTK, however many rows
                files.setItemCount(now.size());
            }
            for (Path file : shown) {
                if (!remaining.contains(file)) {
                    facts.forget(file);
                }
            }
            sent.clear();
            shown = now;
        }
        for (Path file; (file = factsArrived.poll()) != null;) {
            int index = shown.indexOf(file);
            if (index >= 0) {
                files.clear(index);
            }
        }
        showProgress(nextBatch.uploadProgress());
        // A submitted batch used the name; the next one starts without.
        if (nextBatch.batchLabel() == null && !batchName.getText().isEmpty()) {
            batchName.setText("");
        }
    }

    private void fill(TableItem item, int index) {
        if (index < 0 || index >= shown.size()) {
            return;
        }
        Path file = shown.get(index);
        ImageFacts.Facts known = facts.get(file);
        long bytes = file.toFile().length(); // one stat per visible row
        Path folder = file.getParent();
        item.setData(file);
        item.setText(new String[] {file.getFileName().toString(), megabytes(bytes),
            known == null ? "…" : known.dimensions(),
            known == null ? "reading…" : known.problem() != null ? known.problem() : known.pixelType(),
            sent.contains(file) ? "sent" : nextBatch.uploadProgress() != null ? "waiting" : "",
            folder == null ? "" : folder.toString()});
        if (known != null && known.thumbnail() != null) {
            item.setImage(0, known.thumbnail());
        }
        if (known != null && known.problem() != null) {
            item.setForeground(3, display.getSystemColor(SWT.COLOR_DARK_RED));
        }
    }

    private void showProgress(BatchClient.Progress upload) {
        boolean running = upload != null;
        cancel.setEnabled(running);
        remove.setEnabled(!running); // the list is the upload's while it runs
        if (running) {
            progress.setMaximum(Math.max(1, upload.files()));
            progress.setSelection(upload.filesDone());
            progressText.setText(String.format("uploading: %d of %d files, %s of %s", upload.filesDone(), upload.files(),
                    megabytes(upload.bytesDone()), megabytes(upload.bytes())));
        } else {
            progress.setSelection(0);
            IStatus last = nextBatch.lastUploadResult();
            progressText.setText(last == null ? "" : last.getSeverity() == IStatus.CANCEL ? "upload cancelled"
                    : last.isOK() ? "uploaded" : last.getMessage());
        }
    }

    private static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format("%.0f kB", bytes / 1e3) : String.format("%.1f MB", bytes / 1e6);
    }
}
