package io.tessera.ui.handlers;

import io.tessera.ui.parts.ImageEditors;
import io.tessera.ui.parts.Selections;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;

/**
 * Compare (project tree): two selected images side by side, or one selected result beside the
 * input it was made from; zoom and pan locked together.
 */
public final class CompareHandler {
    @CanExecute
    boolean canExecute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        List<Path> images = Selections.images(selection);
        return images.size() == 2 || images.size() == 1 && Selections.results(selection).equals(images);
    }

    @Execute
    void execute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection, ImageEditors editors) {
        List<Path> images = Selections.images(selection);
        if (images.size() == 2) {
            editors.compare(images.get(0), images.get(1));
        } else if (images.size() == 1) {
            editors.compareWithInput(images.get(0));
        }
    }
}
