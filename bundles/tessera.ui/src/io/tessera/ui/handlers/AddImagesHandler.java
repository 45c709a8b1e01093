package io.tessera.ui.handlers;

import io.tessera.ui.parts.UploadPart;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/** File › Add Images… (Ctrl+I): the upload view's file dialog. */
public final class AddImagesHandler {
    @Execute
    void execute(EPartService parts) {
        Parts.show(parts, UploadPart.ID, UploadPart.class).browseFiles();
    }
}
