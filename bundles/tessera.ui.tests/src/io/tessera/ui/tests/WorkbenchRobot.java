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
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
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
            // What the user sees first: several editors have the same widgets, one tab in front.
            for (boolean visibleOnly : new boolean[] {true, false}) {
                for (Shell shell : display.getShells()) {
                    Widget hit = search(shell, id, visibleOnly);
                    if (hit != null) {
                        return hit;
                    }
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
        onUi(() -> {
            // A check box or toggle changes its state before it tells its listeners, as a real click does.
            if (widget instanceof Button button && (button.getStyle() & (SWT.CHECK | SWT.TOGGLE)) != 0) {
                button.setSelection(!button.getSelection());
            }
            widget.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Runs {@code action} on the UI thread without waiting: for one that opens a modal dialog. */
    public void onUiAndContinue(Runnable action) {
        display.asyncExec(action);
    }

    /**
     * Clicks without waiting for the click's effect: for a button that opens a modal dialog, whose
     * event loop would otherwise hold this thread until the dialog closes.
     */
    public void clickAndContinue(String id) {
        Widget widget = find(id, Widget.class);
        display.asyncExec(() -> widget.notifyListeners(SWT.Selection, new Event()));
    }

    /**
     * Chooses a main-menu item by its labels, e.g. {@code menu("Help", "About Tessera")}, as a user
     * does: each menu is shown (so the workbench fills it and decides what is enabled), then the
     * item is selected. Returns at once, like {@link #clickAndContinue}, since it may open a dialog.
     */
    public void menu(String... labels) {
        MenuItem item = waitFor("the menu item " + String.join(" › ", labels), Duration.ofSeconds(10), () -> {
            Shell shell = workbenchShell();
            Menu menu = shell.getMenuBar();
            MenuItem hit = null;
            for (String label : labels) {
                if (menu == null) {
                    return null;
                }
                menu.notifyListeners(SWT.Show, new Event());
                hit = null;
                for (MenuItem candidate : menu.getItems()) {
                    if (label.equals(plain(candidate.getText()))) {
                        hit = candidate;
                    }
                }
                if (hit == null) {
                    return null;
                }
                menu = hit.getMenu();
            }
            return hit;
        });
        if (!read(item::isEnabled)) {
            fail(String.join(" › ", labels) + " is disabled");
        }
        display.asyncExec(() -> item.notifyListeners(SWT.Selection, new Event()));
    }

    /**
     * Chooses an item of a control's context menu by its label, as a right click and a click do:
     * the menu is shown (the workbench fills it and decides what is enabled), then the item is
     * selected. Returns at once, like {@link #menu}, since it may open a dialog.
     */
    public void contextMenu(Control control, String label) {
        MenuItem item = waitFor("the context menu item " + label, Duration.ofSeconds(10), () -> {
            Menu menu = control.getMenu();
            if (menu == null) {
                return null;
            }
            menu.notifyListeners(SWT.Show, new Event());
            return java.util.Arrays.stream(menu.getItems()).filter(i -> label.equals(plain(i.getText()))).findFirst()
                    .orElse(null);
        });
        if (!read(item::isEnabled)) {
            fail(label + " is disabled");
        }
        display.asyncExec(() -> item.notifyListeners(SWT.Selection, new Event()));
    }

    /** Whether a main-menu item is enabled now, as the workbench decides when its menu is shown. */
    public boolean menuEnabled(String... labels) {
        return read(() -> menuItem(labels).isEnabled());
    }

    /** A main-menu item's whole text, with the key binding the workbench shows after a tab. */
    public String menuText(String... labels) {
        return read(() -> menuItem(labels).getText());
    }

    private MenuItem menuItem(String... labels) {
        Menu menu = workbenchShell().getMenuBar();
        MenuItem hit = null;
        for (String label : labels) {
            menu.notifyListeners(SWT.Show, new Event());
            hit = java.util.Arrays.stream(menu.getItems()).filter(i -> label.equals(plain(i.getText()))).findFirst()
                    .orElseThrow(() -> new AssertionError("no menu item " + label));
            menu = hit.getMenu();
        }
        return hit;
    }

    /**
     * Types a key with modifiers (e.g. {@code SWT.MOD1, SWT.CR}) into the focused control, or the
     * workbench window when none has focus. The event takes the path a real key press takes from
     * there: the display's filters first, where the workbench's key bindings listen, then the
     * control's own listeners. (Posting through the X server instead depends on a window manager
     * giving the window focus, which Xvfb alone does not.)
     */
    public void keys(int modifiers, int key) {
        onUi(() -> {
            Control target = display.getFocusControl() != null ? display.getFocusControl() : workbenchShell();
            Event event = new Event();
            event.keyCode = key;
            event.stateMask = modifiers;
            boolean letter = key >= 'a' && key <= 'z';
            event.character = (modifiers & SWT.CTRL) != 0 && letter ? (char) (key - 'a' + 1) : (char) key;
            target.notifyListeners(SWT.KeyDown, event);
        });
    }

    /**
     * Types a key into {@code target} itself, whether or not it has the focus (under Xvfb without
     * a window manager a window other than the workbench's may never get it).
     */
    public void key(Control target, int keyCode) {
        onUi(() -> {
            Event event = new Event();
            event.keyCode = keyCode;
            event.character = keyCode == SWT.CR ? '\r' : 0;
            target.notifyListeners(SWT.KeyDown, event);
        });
    }

    /** Presses the button labelled {@code label} in whichever dialog shows it (a JFace message box). */
    public void answer(String label) {
        Button button = waitFor("a button " + label, Duration.ofSeconds(30), () -> {
            for (Shell shell : display.getShells()) {
                Button hit = buttonIn(shell, label);
                if (hit != null && shell.isVisible()) {
                    return hit;
                }
            }
            return null;
        });
        display.asyncExec(() -> {
            button.setFocus();
            button.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** The text of every label in the open dialog titled {@code title} (a JFace message box), waiting for it. */
    public String dialogText(String title) {
        return waitFor("a dialog " + title, Duration.ofSeconds(30), () -> {
            for (Shell shell : display.getShells()) {
                if (shell.isVisible() && title.equals(shell.getText())) {
                    StringBuilder text = new StringBuilder();
                    labelsIn(shell, text);
                    return text.toString();
                }
            }
            return null;
        });
    }

    private static void labelsIn(Composite composite, StringBuilder text) {
        for (Control child : composite.getChildren()) {
            if (child instanceof org.eclipse.swt.widgets.Label label && !label.getText().isEmpty()) {
                text.append(label.getText()).append('\n');
            } else if (child instanceof Composite inner) {
                labelsIn(inner, text);
            }
        }
    }

    /** Brings the view whose tab reads {@code label} to the front, as a click on the tab does. */
    public void tab(String label) {
        CTabItem item = waitFor("a tab " + label, Duration.ofSeconds(10), () -> {
            for (Shell shell : display.getShells()) {
                CTabItem hit = tabIn(shell, label);
                if (hit != null) {
                    return hit;
                }
            }
            return null;
        });
        onUi(() -> {
            item.getParent().setSelection(item);
            Event event = new Event();
            event.item = item;
            item.getParent().notifyListeners(SWT.Selection, event);
        });
    }

    private static CTabItem tabIn(Composite composite, String label) {
        if (composite instanceof CTabFolder folder) {
            for (CTabItem item : folder.getItems()) {
                if (label.equals(item.getText())) {
                    return item;
                }
            }
        }
        for (Control child : composite.getChildren()) {
            if (child instanceof Composite inner) {
                CTabItem hit = tabIn(inner, label);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }

    /** The text of a table row in the column with this title. */
    public static String cell(TableItem item, String title) {
        TableColumn[] columns = item.getParent().getColumns();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].getText().equals(title)) {
                return item.getText(i);
            }
        }
        throw new AssertionError("the table has no column " + title);
    }

    /** What a click on the expander does: the Expand event makes the viewer create the children. */
    public static void expand(TreeItem item) {
        Event event = new Event();
        event.item = item;
        item.getParent().notifyListeners(SWT.Expand, event);
        item.setExpanded(true);
    }

    private Shell workbenchShell() {
        for (Shell shell : display.getShells()) {
            if (shell.getMenuBar() != null) {
                return shell;
            }
        }
        return display.getShells()[0];
    }

    private static Button buttonIn(Composite composite, String label) {
        for (Control child : composite.getChildren()) {
            if (child instanceof Button button && label.equals(plain(button.getText()))) {
                return button;
            }
            if (child instanceof Composite inner) {
                Button hit = buttonIn(inner, label);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return null;
    }

    /** A label without its mnemonic and accelerator: "&File" is File, "Quit\tCtrl+Q" is Quit. */
    private static String plain(String text) {
        int tab = text.indexOf('\t');
        return (tab >= 0 ? text.substring(0, tab) : text).replace("&", "");
    }

    /** Polls {@code probe} on the UI thread until it returns non-null. */
    public <T> T waitFor(String what, Duration timeout, Supplier<T> probe) {
        return waitFor(what, timeout, 200, probe);
    }

    /** As {@link #waitFor(String, Duration, Supplier)}, polling every {@code pollMillis}. */
    public <T> T waitFor(String what, Duration timeout, long pollMillis, Supplier<T> probe) {
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
            sleep(pollMillis);
        }
    }

    /** Saves the workbench window as a PNG, as the display shows it. */
    public Path screenshot(String name) throws Exception {
        Path dir = Path.of(System.getProperty("tessera.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        sleep(600); // the views refresh at most a few times a second: let the last change reach the screen
        onUi(() -> {
            for (Shell open : display.getShells()) {
                open.update(); // paint what is pending, so the picture is what the widgets hold now
            }
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

    private static Widget search(Control control, String id, boolean visibleOnly) {
        return first(control, c -> id.equals(c.getData(WidgetIds.KEY)) && !c.isDisposed()
                && (!visibleOnly || c.isVisible()));
    }

    /** The first control under {@code root} (itself included, depth first) that {@code match} accepts. Call on the UI thread. */
    static Control first(Control root, java.util.function.Predicate<Control> match) {
        if (match.test(root)) {
            return root;
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Control hit = first(child, match);
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

    static Thread uiThread() {
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
