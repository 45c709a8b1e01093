package io.tessera.ui.handlers;

import io.tessera.ui.parts.ImageEditors;
import io.tessera.ui.parts.Selections;
import jakarta.inject.Named;
import java.nio.file.Path;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;

/** Open (project tree): each selected image in its own editor. */
public final class OpenSelectedHandler {
    @CanExecute
    boolean canExecute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        return !Selections.images(selection).isEmpty();
    }

    @Execute
    void execute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection, ImageEditors editors) {
        for (Path image : Selections.images(selection)) {
            editors.open(image);
        }
    }
}
