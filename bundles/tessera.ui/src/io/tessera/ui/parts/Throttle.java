package io.tessera.ui.parts;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.swt.widgets.Display;

/**
 * Runs a view's refresh on the UI thread at most once per period, however often and from
 * whichever threads it is asked for. Events come in bursts (a batch of thousands finishing, an
 * upload sending file after file); redrawing for each would keep the UI thread busy and GTK
 * laying the window out again and again.
 */
final class Throttle {
    private final Display display;
    private final int millis;
    private final Runnable action;
    private final AtomicBoolean pending = new AtomicBoolean();

    Throttle(Display display, int millis, Runnable action) {
        this.display = display;
        this.millis = millis;
        this.action = action;
    }

    /** Asks for the action; it runs once within the period, seeing every change asked for before it starts. */
    void request() {
        if (pending.compareAndSet(false, true) && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (!display.isDisposed()) {
                    display.timerExec(millis, () -> {
                        pending.set(false);
                        action.run();
                    });
                }
            });
        }
    }
}
