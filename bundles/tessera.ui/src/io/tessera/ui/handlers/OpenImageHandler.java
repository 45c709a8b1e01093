package io.tessera.ui.handlers;

import io.tessera.ui.parts.ImageEditors;
import jakarta.inject.Named;
import java.nio.file.Path;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

/** File › Open Image… (Ctrl+O): any image on disk in the image editor, submitted or not. */
public final class OpenImageHandler {
    @Execute
    void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, ImageEditors editors) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Open image");
        dialog.setFilterExtensions(new String[] {"*.png;*.jpg;*.jpeg;*.tif;*.tiff;*.gif;*.bmp", "*"});
        String chosen = dialog.open();
        if (chosen != null) {
            editors.open(Path.of(chosen));
        }
    }
}
