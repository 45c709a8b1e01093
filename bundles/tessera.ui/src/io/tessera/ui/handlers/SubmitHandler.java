package io.tessera.ui.handlers;

import io.tessera.ui.parts.PalettePart;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/** Run › Submit Batch (Ctrl+Enter): what the palette's Submit button does, from anywhere. */
public final class SubmitHandler {
    @Execute
    void execute(EPartService parts) {
        Parts.show(parts, PalettePart.ID, PalettePart.class).submit();
    }
}
