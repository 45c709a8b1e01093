package io.tessera.ui.parts;

import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.swt.graphics.Rectangle;

/**
 * The window's size at the first start on a screen: all of the monitor's work area, since the
 * workbench is a day's tool with four columns of content. From then on, the size the user gives it
 * is kept with the layout.
 */
public final class WindowFit {
    /** Set on the window once fitted; the saved layout carries it, so a user's size wins afterwards. */
    public static final String FITTED = "tessera.fittedToScreen";

    private WindowFit() {
    }

    /** Fits {@code window} to {@code workArea} unless it was fitted before; true if it was fitted now. */
    public static boolean atFirstStart(MWindow window, Rectangle workArea) {
        if ("true".equals(window.getPersistedState().get(FITTED))) {
            return false;
        }
        window.setX(workArea.x);
        window.setY(workArea.y);
        window.setWidth(workArea.width);
        window.setHeight(workArea.height);
        window.getPersistedState().put(FITTED, "true");
        return true;
    }
}
