package io.tessera.ui.parts;

import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * "Export as ImageJ macro": a pipeline as the macro that does the same in ImageJ or Fiji, shown
 * so that it can be read before it is taken, then copied (into Fiji's script editor, say) or saved
 * as an {@code .ijm} file. Saving never replaces a file without the file dialog's own question.
 */
public final class ImageJMacroDialog extends Dialog {
    private static final int COPY = IDialogConstants.CLIENT_ID + 1;
    private static final int SAVE = IDialogConstants.CLIENT_ID + 2;

    private final String macro;
    private final String source;
    private final String fileName;
    private Label status;

    private ImageJMacroDialog(Shell parent, String macro, String source, String fileName) {
        super(parent);
        this.macro = macro;
        this.source = source;
        this.fileName = fileName;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /**
     * Opens the dialog for a pipeline.
     *
     * @param source   where the pipeline comes from, for the title and the macro's first line ("the palette")
     * @param fileName the name offered when saving, e.g. {@code coins.ijm}
     * @throws io.tessera.core.op.InvalidPipelineException when a step is invalid or has no ImageJ command
     */
    public static void open(Shell parent, OperationCatalog catalog, List<PipelineStep> pipeline, String source,
            String fileName) {
        new ImageJMacroDialog(parent, ImageJMacro.of(catalog, pipeline, source), source, fileName).open();
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("ImageJ macro of " + source);
        WidgetIds.tag(shell, "macro.shell");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        Label how = new Label(area, SWT.WRAP);
        how.setText("In ImageJ or Fiji, open an image and run this (Plugins › Macros › Run…, or paste it into"
                + " File › New › Script… with the language IJ1 Macro): it gives the pixels Tessera gives.");
        GridData howData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        howData.widthHint = 720;
        how.setLayoutData(howData);
        Text text = WidgetIds.tag(new Text(area, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL),
                "macro.text");
        text.setFont(JFaceResources.getTextFont());
        text.setText(macro);
        GridData size = new GridData(SWT.FILL, SWT.FILL, true, true);
        size.widthHint = 720;
        size.heightHint = 300;
        text.setLayoutData(size);
        status = WidgetIds.tag(new Label(area, SWT.WRAP), "macro.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        WidgetIds.tag(createButton(parent, COPY, "Copy", false), "macro.copy");
        WidgetIds.tag(createButton(parent, SAVE, "Save As…", false), "macro.save");
        WidgetIds.tag(createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true), "macro.close");
    }

    @Override
    protected void buttonPressed(int buttonId) {
        switch (buttonId) {
            case COPY -> copy();
            case SAVE -> save();
            default -> close();
        }
    }

    private void copy() {
        Clipboard clipboard = new Clipboard(getShell().getDisplay());
        try {
            clipboard.setContents(new Object[] {macro}, new Transfer[] {TextTransfer.getInstance()});
        } finally {
            clipboard.dispose();
        }
        show("Copied " + macro.lines().count() + " lines.");
    }

    private void save() {
        FileDialog dialog = new FileDialog(getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] {"*.ijm", "*"});
        dialog.setFileName(fileName);
        dialog.setOverwrite(true); // the dialog asks before an existing file is replaced
        String target = dialog.open();
        if (target == null) {
            return;
        }
        try {
            Files.writeString(Path.of(target), macro);
            show("Saved " + target);
        } catch (IOException e) {
            show("Cannot save " + target + ": " + e.getMessage());
        }
    }

    private void show(String text) {
        status.setText(text);
        status.getParent().layout();
    }
}
