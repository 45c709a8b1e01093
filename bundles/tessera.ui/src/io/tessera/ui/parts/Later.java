package io.tessera.ui.parts;

import org.eclipse.swt.widgets.Control;

/**
 * Hands the result of background work back to the UI thread: what a Job found reaches the
 * widgets only if they still exist, since a dialog may be closed while its Job runs.
 */
final class Later {
    private Later() {
    }

    static void onUi(Control owner, Runnable action) {
        if (owner.isDisposed()) {
            return;
        }
        owner.getDisplay().asyncExec(() -> {
            if (!owner.isDisposed()) {
                action.run();
            }
        });
    }
}
