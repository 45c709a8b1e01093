package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import io.tessera.ui.parts.WidgetIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Widget;

/**
 * Drives the running workbench from a test thread, as a user would: finds widgets by their
 * {@link WidgetIds stable id}, types, clicks, waits, and takes screenshots. Every SWT call hops
 * to the UI thread. (SWTBot would do this, but no registry here serves it.)
 */
public final class WorkbenchRobot {
    private final Display display;

    public WorkbenchRobot() {
        Display found = null;
        Instant deadline = Instant.now().plusSeconds(60);
        while (found == null || !workbenchShellIsOpen(found)) {
            found = Display.findDisplay(uiThread());
            if (Instant.now().isAfter(deadline)) {
                fail("the workbench window did not open within 60 s");
            }
            sleep(100);
        }
        this.display = found;
    }

    /** Evaluates {@code action} on the UI thread and returns its value. */
    public <T> T read(Supplier<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        display.syncExec(() -> result.set(action.get()));
        return result.get();
    }

    public void onUi(Runnable action) {
        display.syncExec(action);
    }

    /** The widget carrying {@code id}, waiting for it to appear. */
    @SuppressWarnings("unchecked")
    public <W extends Widget> W find(String id, Class<W> type) {
        Widget widget = waitFor("a widget with id " + id, Duration.ofSeconds(30), () -> {
            for (Shell shell : display.getShells()) {
                Widget hit = search(shell, id);
                if (hit != null) {
                    return hit;
                }
            }
            return null;
        });
        if (!type.isInstance(widget)) {
            fail(id + " is a " + widget.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return (W) widget;
    }

    /** Sends the event a click on a button (or Enter in a text) sends. */
    public void click(String id) {
        Widget widget = find(id, Widget.class);
        onUi(() -> widget.notifyListeners(SWT.Selection, new Event()));
    }

    /**
     * Clicks without waiting for the click's effect: for a button that opens a modal dialog, whose
     * event loop would otherwise hold this thread until the dialog closes.
     */
    public void clickAndContinue(String id) {
        Widget widget = find(id, Widget.class);
        display.asyncExec(() -> widget.notifyListeners(SWT.Selection, new Event()));
    }

    /** Polls {@code probe} on the UI thread until it returns non-null. */
    public <T> T waitFor(String what, Duration timeout, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = read(probe);
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                String shot;
                try {
                    shot = "; the window then: " + screenshot("failed-waiting-" + Instant.now().toEpochMilli());
                } catch (Exception e) {
                    shot = "";
                }
                fail("gave up after " + timeout.toSeconds() + " s waiting for " + what + shot);
            }
            sleep(200);
        }
    }

    /** Saves the workbench window as a PNG, as the display shows it. */
    public Path screenshot(String name) throws Exception {
        Path dir = Path.of(System.getProperty("tessera.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        onUi(() -> {
            Shell shell = display.getActiveShell() != null ? display.getActiveShell() : display.getShells()[0];
            Rectangle bounds = shell.getBounds();
            Image image = new Image(display, bounds.width, bounds.height);
            GC gc = new GC(display);
            try {
                gc.copyArea(image, bounds.x, bounds.y);
                ImageLoader loader = new ImageLoader();
                loader.data = new ImageData[] {image.getImageData()};
                loader.save(file.toString(), SWT.IMAGE_PNG);
            } finally {
                gc.dispose();
                image.dispose();
            }
        });
        return file;
    }

    private static Widget search(Control control, String id) {
        if (id.equals(control.getData(WidgetIds.KEY)) && !control.isDisposed()) {
            return control;
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Widget hit = search(child, id);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }

    private static boolean workbenchShellIsOpen(Display display) {
        AtomicReference<Boolean> open = new AtomicReference<>(false);
        display.syncExec(() -> {
            for (Shell shell : display.getShells()) {
                if (shell.isVisible()) {
                    open.set(true);
                }
            }
        });
        return open.get();
    }

    private static Thread uiThread() {
        // The UI harness runs the workbench on the main thread; tests run on another.
        return Thread.getAllStackTraces().keySet().stream().filter(t -> "main".equals(t.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no main thread"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
