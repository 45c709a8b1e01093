package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.ui.parts.ImageEditors;
import io.tessera.ui.parts.WidgetIds;
import io.tessera.ui.parts.WindowFit;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workbench's first start on the three screens people have (1366×768, 1600×1000,
 * 1920×1080): the window fitted to the work area by the same code as at a real first start, the
 * queue monitor with room for 8 jobs at least, every button whole, and at 1920×1080 the palette's
 * form, pipeline and preview without scrolling; a screenshot of each. And the empty editor area:
 * it says how to fill it, and opens a dropped image.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FirstStartLayoutTest {
    private static final int[][] SCREENS = {{1366, 768}, {1600, 1000}, {1920, 1080}};
    private static final int MONITOR_ROWS = 8;

    private final WorkbenchRobot robot = new WorkbenchRobot();

    @Test
    void theFirstStartFitsEachScreen() throws Exception {
        Rectangle screen = robot.read(() -> shell().getDisplay().getPrimaryMonitor().getClientArea());
        // What the real first start of this run did, before any test resized the window.
        assertEquals(screen, robot.read(() -> shell().getBounds()), "the window takes the screen's work area");
        robot.tab("Queue Monitor"); // an earlier test may have left another view of its stack in front
        Table monitor = robot.find("monitor.table", Table.class);
        ScrolledComposite palette = robot.find("palette.scroll", ScrolledComposite.class);
        List<String> problems = new ArrayList<>();
        try {
            for (int[] size : SCREENS) {
                if (size[0] > screen.width || size[1] > screen.height) {
                    problems.add(size[0] + "×" + size[1] + " is larger than this display (" + screen.width + "×"
                            + screen.height + "): run the UI tests on a 1920×1080 screen, as ./tessera test does");
                    continue;
                }
                fitAsAtFirstStart(new Rectangle(0, 0, size[0], size[1]));
                String name = size[0] + "x" + size[1];
                robot.screenshot("first-start-" + name);
                problems.addAll(robot.read(() -> layoutProblems(name, monitor, palette, size[1] >= 1080)));
            }
        } finally {
            fitAsAtFirstStart(screen);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theEmptyEditorAreaSaysHowToFillItAndOpensADroppedImage() throws Exception {
        closeEveryImage();
        Label ways = robot.find("editorHint.ways", Label.class);
        String text = robot.read(ways::getText);
        assertTrue(text.contains("Double-click a result") && text.contains("File › Open Image") && text.contains("drop"),
                text);
        assertTrue(robot.read(ways::isVisible), "the hint shows while no image is open");
        robot.screenshot("editor-area-empty");

        // A folder is not an image: it is named, nothing opens.
        Path folder = Path.of(System.getProperty("tessera.testdata"));
        drop(ways, folder);
        Label message = robot.find("editorHint.message", Label.class);
        robot.waitFor("the folder refused in words", Duration.ofSeconds(10),
                () -> robot.read(message::getText).contains("is a folder") ? true : null);
        assertEquals(0, robot.read(this::openImages));

        // An image opens in an editor, and the hint makes way for it.
        drop(ways, folder.resolve("coins.png"));
        robot.waitFor("the dropped image in an editor", Duration.ofSeconds(30),
                () -> robot.read(this::openImages) == 1 ? true : null);
        robot.find("editor.canvas", org.eclipse.swt.widgets.Canvas.class);
        assertFalse(robot.read(() -> hint().isToBeRendered()), "the hint is gone while an image is open");
        robot.screenshot("editor-area-dropped");

        // Closing the last image brings the hint back.
        closeEveryImage();
        robot.waitFor("the hint back", Duration.ofSeconds(10), () -> robot.read(() -> hint().isToBeRendered()) ? true : null);
        robot.find("editorHint.ways", Label.class);
    }

    /** What a user at this size would find wrong: too few monitor rows, squeezed or cut buttons, a palette to scroll. */
    private List<String> layoutProblems(String screen, Table monitor, ScrolledComposite palette, boolean paletteMustFit) {
        List<String> problems = new ArrayList<>();
        if (!monitor.isVisible()) {
            problems.add(screen + ": the queue monitor is not in front: its size says nothing");
        }
        int rows = (monitor.getClientArea().height - monitor.getHeaderHeight()) / monitor.getItemHeight();
        System.out.printf("%s: queue monitor %d rows of jobs (table %s)%n", screen, rows, monitor.getSize());
        if (rows < MONITOR_ROWS) {
            problems.add(screen + ": the queue monitor has room for " + rows + " jobs, fewer than " + MONITOR_ROWS);
        }
        int needed = palette.getContent().computeSize(palette.getClientArea().width, org.eclipse.swt.SWT.DEFAULT).y;
        System.out.printf("%s: palette needs %d px, has %d%n", screen, needed, palette.getClientArea().height);
        if (paletteMustFit && needed > palette.getClientArea().height) {
            problems.add(screen + ": the palette needs " + needed + " px and has " + palette.getClientArea().height
                    + ": its preview is below the fold");
        }
        collectCutButtons(shell(), screen, problems);
        collectMisplacedBatchLines(monitor.getParent(), screen, problems);
        return problems;
    }

    /** Each batch line shown: its bar, then its words, on one row (as many lines as there are batches). */
    private static void collectMisplacedBatchLines(Composite monitor, String screen, List<String> problems) {
        for (int i = 0; i < 3; i++) {
            String id = "monitor.batch." + i;
            Control label = WorkbenchRobot.first(monitor, c -> id.equals(c.getData(WidgetIds.KEY)));
            Control bar = WorkbenchRobot.first(monitor, c -> (id + ".bar").equals(c.getData(WidgetIds.KEY)));
            if (label == null || bar == null || !label.isVisible()) {
                continue;
            }
            Rectangle words = label.getBounds();
            Rectangle progress = bar.getBounds();
            boolean sameRow = Math.abs((words.y + words.height / 2) - (progress.y + progress.height / 2)) < words.height;
            if (!bar.isVisible() || !sameRow || progress.x >= words.x) {
                problems.add(screen + ": batch line " + i + " is out of place: bar " + progress + ", words " + words);
            }
        }
    }

    /** A visible button narrower than its text, or reaching past its parent's edge, is cut off. */
    private static void collectCutButtons(Composite parent, String screen, List<String> problems) {
        for (Control child : parent.getChildren()) {
            if (!child.isVisible()) {
                continue;
            }
            if (child instanceof ScrolledComposite) {
                continue; // scrolls by design: what is below is reached by scrolling
            }
            if (child instanceof Button button) {
                Rectangle bounds = button.getBounds();
                Point wanted = button.computeSize(org.eclipse.swt.SWT.DEFAULT, org.eclipse.swt.SWT.DEFAULT);
                Rectangle room = parent.getClientArea();
                if (bounds.width < wanted.x || bounds.x + bounds.width > room.width || bounds.y + bounds.height > room.height) {
                    problems.add(screen + ": button '" + button.getText() + "' (" + button.getData(WidgetIds.KEY) + ") is cut: "
                            + bounds + " wants " + wanted + " in " + room);
                }
            }
            if (child instanceof Composite composite) {
                collectCutButtons(composite, screen, problems);
            }
        }
    }

    private void fitAsAtFirstStart(Rectangle workArea) {
        robot.onUi(() -> {
            MWindow window = window();
            window.getPersistedState().remove(WindowFit.FITTED);
            WindowFit.atFirstStart(window, workArea);
            shell().layout(true, true);
        });
        robot.waitFor("the window at " + workArea, Duration.ofSeconds(10),
                () -> robot.read(() -> shell().getBounds().equals(workArea)) ? true : null);
        WorkbenchRobot.sleep(1500); // the parts lay themselves out after the resize, the monitor its batch lines
    }

    /**
     * Drops {@code file} on {@code target} through its SWT DropTarget, as the drag-and-drop
     * machinery does once the desktop's drag ends there. (A native drag cannot be made from a test:
     * this replays its last step, the event SWT builds for the drop.)
     */
    private void drop(Control target, Path file) {
        assertTrue(Files.exists(file), file.toString());
        robot.onUi(() -> {
            try {
                DropTarget dropTarget = (DropTarget) target.getData(DND.DROP_TARGET_KEY);
                Constructor<?> make = Class.forName("org.eclipse.swt.dnd.DNDEvent", true, DND.class.getClassLoader())
                        .getDeclaredConstructor();
                make.setAccessible(true);
                Event event = (Event) make.newInstance();
                event.widget = dropTarget;
                event.detail = DND.DROP_COPY;
                event.data = new String[] {file.toString()};
                var dataType = event.getClass().getDeclaredField("dataType");
                dataType.setAccessible(true);
                dataType.set(event, FileTransfer.getInstance().getSupportedTypes()[0]);
                var operations = event.getClass().getDeclaredField("operations");
                operations.setAccessible(true);
                operations.set(event, DND.DROP_COPY);
                dropTarget.notifyListeners(DND.Drop, event);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("SWT's drop event could not be made: " + e, e);
            }
        });
    }

    private int openImages() {
        int open = 0;
        for (MUIElement child : editorStack().getChildren()) {
            if (ImageEditors.DESCRIPTOR_ID.equals(child.getElementId()) && child.isToBeRendered()) {
                open++;
            }
        }
        return open;
    }

    /** Closes every image editor and comparison, as their tabs' close buttons do. */
    private void closeEveryImage() {
        robot.onUi(() -> {
            EPartService parts = window().getContext().get(EPartService.class);
            for (MUIElement child : List.copyOf(editorStack().getChildren())) {
                if (child instanceof MPart part && ImageEditors.showsAnImage(part) && part.isToBeRendered()) {
                    parts.hidePart(part, true);
                }
            }
        });
    }

    private MPartStack editorStack() {
        return (MPartStack) window().getContext().get(EModelService.class).find(ImageEditors.EDITOR_STACK_ID, window());
    }

    private MPart hint() {
        return (MPart) window().getContext().get(EModelService.class).find("tessera.ui.part.editorHint", window());
    }

    private Shell shell() {
        for (Shell shell : org.eclipse.swt.widgets.Display.getCurrent() != null ? org.eclipse.swt.widgets.Display.getCurrent().getShells()
                : new Shell[0]) {
            if (shell.getData("modelElement") instanceof MWindow) {
                return shell;
            }
        }
        throw new AssertionError("no workbench window");
    }

    private MWindow window() {
        return (MWindow) shell().getData("modelElement");
    }
}
