package io.tessera.ui.parts;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

/**
 * What the editor area shows while no image is open: the ways to open one, and a place to drop
 * image files. {@link EditorAreaHints} takes it away when an image opens and brings it back when
 * the last one closes.
 */
public final class EditorAreaHintPart {
    static final String OPEN_IMAGE_COMMAND = "tessera.command.openImage";

    @Inject
    private ImageEditors editors;
    @Inject
    private ECommandService commands;
    @Inject
    private EHandlerService handlers;

    private Label message;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, true, true));
        box.setLayout(new GridLayout(1, false));
        Label title = WidgetIds.tag(new Label(box, SWT.NONE), "editorHint.title");
        title.setText("No image open");
        FontData[] larger = title.getFont().getFontData();
        for (FontData data : larger) {
            data.setHeight(data.getHeight() * 3 / 2);
            data.setStyle(SWT.BOLD);
        }
        Font titleFont = new Font(title.getDisplay(), larger);
        title.setFont(titleFont);
        title.addListener(SWT.Dispose, e -> titleFont.dispose());
        Label ways = WidgetIds.tag(new Label(box, SWT.WRAP), "editorHint.ways");
        ways.setText("""
                Double-click a result in Projects to see it beside its input,
                choose File › Open Image… (Ctrl+O) for any image on disk,
                or drop image files here.""");
        Button open = WidgetIds.tag(new Button(box, SWT.PUSH), "editorHint.open");
        open.setText("Open Image…");
        open.addListener(SWT.Selection, e -> handlers.executeHandler(commands.createCommand(OPEN_IMAGE_COMMAND, null)));
        message = WidgetIds.tag(new Label(box, SWT.WRAP), "editorHint.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        // Anywhere in the empty area takes a drop, not only the words in its middle.
        for (Control control : new Control[] {parent, box, title, ways, message}) {
            FileDrops.accept(control, this::open);
        }
    }

    /** Opens each dropped file that is a file; a folder or a vanished file is named, not opened. */
    void open(List<Path> dropped) {
        List<String> refused = new ArrayList<>();
        for (Path file : dropped) {
            if (Files.isRegularFile(file)) {
                // An unreadable or foreign file opens too: the editor says what is wrong with it.
                editors.open(file);
            } else {
                refused.add(file + (Files.isDirectory(file) ? " is a folder: add it in the Upload view to process its images"
                        : " is not a file"));
            }
        }
        if (!message.isDisposed()) {
            message.setText(String.join("\n", refused));
            message.getParent().layout();
        }
    }
}
