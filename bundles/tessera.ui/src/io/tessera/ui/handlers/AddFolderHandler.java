package io.tessera.ui.handlers;

import io.tessera.ui.parts.UploadPart;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/** File › Add Folder… (Ctrl+Shift+I): every image of a folder and its subfolders. */
public final class AddFolderHandler {
    @Execute
    void execute(EPartService parts) {
        Parts.show(parts, UploadPart.ID, UploadPart.class).browseFolder();
    }
}
