package io.tessera.ui.tests;

import static io.tessera.ui.tests.WorkbenchRobot.cell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch of a hundred images, from adding the folder to the last result in the project tree,
 * while a probe asks the UI thread for an answer every 50 ms: it must always answer within
 * 200 ms, not counting the time the machine itself held threads back — measured meanwhile by a
 * process of its own ({@link MachineDelays}), so that nothing the workbench's JVM does (garbage
 * collection, its other threads) is excused. Both figures are printed. Midway, the jobs still waiting at the end of the batch are cancelled from the queue
 * monitor; they end CANCELLED (not FAILED) and never reach the project.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HundredImagesTest {
    private static final int IMAGES = 100;
    private static final long UI_ANSWER_LIMIT_MILLIS = 200;
    @RegisterExtension
    static final UiServers SERVERS = new UiServers();

    @Test
    void theUiAnswersWithin200msThroughoutAndWaitingJobsCanBeCancelled() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        CLabel cluster = robot.find("monitor.cluster", CLabel.class);
        robot.waitFor("the cluster's report", Duration.ofSeconds(60), () -> cluster.getText().contains("ranks up"));
        Path folder = Files.createTempDirectory(Path.of("target"), "hundred-").toAbsolutePath();
        Path sample = Path.of(System.getProperty("tessera.testdata"), "coins.png");
        for (int i = 0; i < IMAGES; i++) {
            Files.copy(sample, folder.resolve("img-" + i + ".png")); // img-2 is to come before img-10
        }

        MachineDelays machine = new MachineDelays();
        robot.waitFor("the machine-delay sleeper", Duration.ofSeconds(30), machine::reporting);
        UiProbe probe = new UiProbe(robot, machine);
        probe.start();
        Map<String, String> outcome;
        try {
            Text path = robot.find("upload.path", Text.class);
            robot.onUi(() -> path.setText(folder.toString()));
            robot.click("upload.add");
            Table files = robot.find("upload.files", Table.class);
            robot.waitFor("100 files listed", Duration.ofSeconds(30), 1000, () -> files.getItemCount() == IMAGES);
            Text batchName = robot.find("upload.batchName", Text.class);
            robot.onUi(() -> batchName.setText("hundred"));
            Palette.choose(robot, "Invert");
            robot.click("palette.submit");

            // The last fifth, as soon as they are queued and while they still wait, are cancelled.
            Table monitor = robot.find("monitor.table", Table.class);
            List<String> cancelled = robot.waitFor("the last images queued", Duration.ofSeconds(60), 1000, () -> {
                List<TableItem> waiting = new ArrayList<>();
                for (TableItem item : monitor.getItems()) {
                    int n = Integer.parseInt(cell(item, "Image").replaceAll("\\D", "").isEmpty() ? "-1"
                            : cell(item, "Image").replaceAll("\\D", ""));
                    if (cell(item, "Batch").startsWith("hundred-") && n >= IMAGES * 4 / 5 && cell(item, "State").equals("SUBMITTED")) {
                        waiting.add(item);
                    }
                }
                if (waiting.size() < IMAGES / 10) {
                    return null;
                }
                monitor.setSelection(waiting.toArray(TableItem[]::new));
                return waiting.stream().map(item -> cell(item, "Image")).toList();
            });
            robot.click("monitor.cancel");

            // Read once a second: reading every row is the test's own load on the UI thread.
            outcome = robot.waitFor("every job of the batch to end", Duration.ofSeconds(300), 1000, () -> {
                Map<String, String> ended = new TreeMap<>();
                for (TableItem item : monitor.getItems()) {
                    String state = cell(item, "State");
                    if (cell(item, "Batch").startsWith("hundred-") && state.matches("DONE|FAILED|CANCELLED")) {
                        ended.put(cell(item, "Image"), state.equals("FAILED") ? cell(item, "Result or error") : state);
                        if (state.equals("DONE") && cell(item, "Started").isBlank()) {
                            // Most of these jobs end within rank 0's RUNNING linger: no RUNNING event.
                            ended.put(cell(item, "Image"), "DONE without a start time");
                        }
                    }
                }
                return ended.size() == IMAGES ? ended : null;
            });
            long cancelledNow = outcome.values().stream().filter("CANCELLED"::equals).count();
            long done = outcome.values().stream().filter("DONE"::equals).count();
            // A job the cluster had already taken when the cancel came runs to the end; the others must not run.
            assertTrue(cancelledNow >= 1, "none of " + cancelled + " was cancelled: " + outcome);
            assertEquals(IMAGES, done + cancelledNow, "every job either DONE or CANCELLED: " + outcome);
            outcome.forEach((image, end) -> {
                if (end.equals("CANCELLED")) {
                    assertTrue(cancelled.contains(image), image + " was cancelled without being asked");
                }
            });
        } finally {
            probe.stop();
            machine.close();
        }
        robot.screenshot("queue-monitor-hundred"); // after measuring: a screenshot is the test's own load

        // The batch's project: its results in natural order, and its count in its name, cancelled ones said.
        long doneInBatch = outcome.values().stream().filter("DONE"::equals).count();
        long cancelledInBatch = IMAGES - doneInBatch;
        Tree tree = robot.find("projects.tree", Tree.class);
        robot.tab("Projects");
        String[] project = new String[1];
        List<String> results = robot.waitFor("the batch's results in its project", Duration.ofSeconds(60), 1000, () -> {
            for (TreeItem item : tree.getItems()) {
                if (item.getText().startsWith("hundred-")) {
                    project[0] = item.getText();
                    WorkbenchRobot.expand(item);
                    for (TreeItem child : item.getItems()) {
                        if (child.getText().equals("results")) {
                            WorkbenchRobot.expand(child);
                            List<String> names = java.util.Arrays.stream(child.getItems()).map(TreeItem::getText).toList();
                            return names.size() == doneInBatch ? names : null;
                        }
                    }
                }
            }
            return null;
        });
        List<String> numbered = new ArrayList<>(results);
        numbered.sort(java.util.Comparator.comparingInt(name -> Integer.parseInt(name.replaceAll("\\D", ""))));
        assertEquals(numbered, results, "img-2 before img-10");
        assertTrue(results.stream().noneMatch(name -> name.endsWith(".provenance.json")), results.toString());
        assertTrue(project[0].endsWith(" (" + doneInBatch + "/" + IMAGES + ", " + cancelledInBatch + " cancelled)"),
                project[0]);
        robot.screenshot("projects-hundred");
        galleryOfTheBatch(robot, doneInBatch, cancelledInBatch);
        System.out.println("UI thread answers during a " + IMAGES + "-image batch: " + probe.summary());
        // On a loaded 2-core machine the OS alone may hold any thread back; that is discounted,
        // measured in the same run by another process, and printed beside the raw figure.
        assertTrue(probe.worstUnexplainedMillis() < UI_ANSWER_LIMIT_MILLIS,
                "the UI thread took " + probe.worstUnexplainedMillis() + " ms of its own to answer: " + probe.summary());
    }

    /**
     * The batch in the gallery: a thumbnail per result in natural order, the cancelled ones by the
     * filter, the inputs by the Before toggle (Invert: each input's mean gray is 255 less its
     * result's), and the keyboard: Right, then Enter, opens the second result in the editor.
     */
    private static void galleryOfTheBatch(WorkbenchRobot robot, long done, long cancelled) throws Exception {
        robot.tab("Gallery");
        org.eclipse.swt.widgets.Canvas canvas = robot.find("gallery.grid", org.eclipse.swt.widgets.Canvas.class);
        io.tessera.ui.parts.ThumbnailGrid grid = robot.read(() -> io.tessera.ui.parts.ThumbnailGrid.of(canvas));
        org.eclipse.swt.widgets.Combo batch = robot.find("gallery.batch", org.eclipse.swt.widgets.Combo.class);
        assertTrue(robot.read(batch::getText).startsWith("hundred-"), "the newest batch shown: " + robot.read(batch::getText));
        List<String> names = robot.read(() -> grid.cells().stream().map(io.tessera.ui.parts.ThumbnailGrid.Cell::name).toList());
        assertEquals(IMAGES, names.size(), names.toString());
        assertEquals("img-0.png", names.get(0));
        assertEquals("img-10.png", names.get(10), "natural order: " + names.subList(0, 12));
        // Thumbnails come off the UI thread: wait for the first screenful.
        double[] results = robot.waitFor("the first thumbnails", Duration.ofSeconds(60), 500, () -> meanGrays(grid, 3));
        robot.screenshot("gallery");

        org.eclipse.swt.widgets.Combo state = robot.find("gallery.state", org.eclipse.swt.widgets.Combo.class);
        robot.onUi(() -> {
            state.select(java.util.Arrays.asList(state.getItems()).indexOf("Cancelled"));
            state.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        });
        assertEquals(cancelled, (long) robot.read(() -> grid.cells().size()), "the cancelled ones alone");
        assertTrue(robot.read(() -> grid.cells().stream().allMatch(cell -> cell.note().equals("cancelled"))));
        robot.onUi(() -> {
            state.select(java.util.Arrays.asList(state.getItems()).indexOf("Done"));
            state.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        });
        assertEquals(done, (long) robot.read(() -> grid.cells().size()), "the done ones alone");

        robot.click("gallery.inputs");
        double[] inputs = robot.waitFor("the inputs' thumbnails", Duration.ofSeconds(60), 500, () -> meanGrays(grid, 3));
        for (int i = 0; i < 3; i++) {
            assertEquals(255 - results[i], inputs[i], 3.0, "an input's thumbnail is its inverted result's");
        }
        robot.screenshot("gallery-before");
        robot.click("gallery.inputs");

        // A click on the first thumbnail opens it; Right moves to the next, Enter opens that.
        robot.onUi(() -> {
            org.eclipse.swt.widgets.Event click = new org.eclipse.swt.widgets.Event();
            click.x = 20;
            click.y = 20;
            click.button = 1;
            canvas.notifyListeners(org.eclipse.swt.SWT.MouseDown, click);
        });
        robot.tab(names.get(0)); // waits for its editor's tab
        assertEquals(0, (int) robot.read(grid::selectionIndex));
        robot.key(canvas, org.eclipse.swt.SWT.ARROW_RIGHT);
        assertEquals(1, (int) robot.read(grid::selectionIndex));
        String second = robot.read(() -> grid.cells().get(1).name());
        robot.key(canvas, org.eclipse.swt.SWT.CR);
        robot.tab(second); // waits for the editor's tab
        org.eclipse.swt.widgets.Label info = robot.find("editor.info", org.eclipse.swt.widgets.Label.class);
        robot.waitFor("the second result in the editor", Duration.ofSeconds(30),
                () -> info.getText().startsWith(second) ? true : null);
        robot.onUi(() -> {
            state.select(0);
            state.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        });
    }

    /** The mean gray of the first {@code n} cells' thumbnails, or null while one is not made yet. */
    private static double[] meanGrays(io.tessera.ui.parts.ThumbnailGrid grid, int n) {
        double[] means = new double[n];
        for (int i = 0; i < n; i++) {
            org.eclipse.swt.graphics.Image image = grid.thumbnail(i);
            if (image == null) {
                grid.control().redraw(); // painting asks for what is on screen
                return null;
            }
            org.eclipse.swt.graphics.ImageData data = image.getImageData();
            long sum = 0;
            for (int y = 0; y < data.height; y++) {
                for (int x = 0; x < data.width; x++) {
                    org.eclipse.swt.graphics.RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                    sum += (rgb.red + rgb.green + rgb.blue) / 3;
                }
            }
            means[i] = (double) sum / (data.width * data.height);
        }
        return means;
    }

    /** Asks the UI thread for an empty answer every 50 ms from its own thread and keeps the times. */
    private static final class UiProbe {
        private final WorkbenchRobot robot;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> millis = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Each probe: when it was sent (ns) and how long the answer took (ms). */
        private final List<long[]> probes = java.util.Collections.synchronizedList(new ArrayList<>());
        /** The watchdog's own wake-ups: when (ns) and how late (ms). A plain thread late too means the machine was busy. */
        private final List<long[]> wakeUps = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<String> slow = java.util.Collections.synchronizedList(new ArrayList<>());
        private final long origin = System.nanoTime();
        /** When the probe in flight was sent, or 0: a watchdog notes where the UI thread is when one is late. */
        private volatile long sentAt;
        private final List<String> whereLate = java.util.Collections.synchronizedList(new ArrayList<>());
        private Thread watchdog;
        private Thread thread;

        private final MachineDelays machine;

        UiProbe(WorkbenchRobot robot, MachineDelays machine) {
            this.robot = robot;
            this.machine = machine;
        }

        void start() {
            thread = Thread.ofPlatform().name("ui-probe").daemon().start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    sentAt = start;
                    robot.onUi(() -> {
                    });
                    sentAt = 0;
                    long took = (System.nanoTime() - start) / 1_000_000;
                    millis.add(took);
                    probes.add(new long[] {start, took});
                    if (took >= 100) {
                        slow.add(took + " ms at +" + (start - origin) / 1_000_000 + " ms");
                    }
                    WorkbenchRobot.sleep(50);
                }
            });
            watchdog = Thread.ofPlatform().name("ui-probe-watchdog").daemon().start(this::watch);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            watchdog.join();
        }

        /** Every 20 ms: a probe late by 100 ms gets the UI thread's stack noted, once. */
        private void watch() {
            Thread ui = WorkbenchRobot.uiThread();
            long noted = 0;
            while (running.get()) {
                long woke = System.nanoTime();
                long sent = sentAt;
                if (sent != 0 && System.nanoTime() - sent > 100_000_000L && whereLate.size() < 40) {
                    noted = sent;
                    StringBuilder where = new StringBuilder("at +" + (sent - origin) / 1_000_000 + " ms:");
                    for (StackTraceElement frame : java.util.Arrays.copyOf(ui.getStackTrace(), 40)) {
                        if (frame != null) {
                            where.append("\n    ").append(frame);
                        }
                    }
                    whereLate.add(where.toString());
                }
                WorkbenchRobot.sleep(20);
                wakeUps.add(new long[] {woke, Math.max(0, (System.nanoTime() - woke) / 1_000_000 - 20)});
            }
        }

        /**
         * The worst answer less the machine's own delay meanwhile: a probe answered in 260 ms while
         * the sleeper in another process, asleep for 20 ms, woke 90 ms late was held up by the
         * workbench for at most 170 ms. What remains is the workbench's, GC included.
         */
        long worstUnexplainedMillis() {
            long worst = 0;
            synchronized (probes) {
                for (long[] probe : probes) {
                    long end = probe[0] + probe[1] * 1_000_000;
                    worst = Math.max(worst, probe[1] - machine.worstDelayBetween(probe[0], end));
                }
            }
            return worst;
        }

        /** How late a sleeper in this JVM woke: the machine's delays and the workbench's own (GC) together. */
        long worstWatchdogLateness() {
            synchronized (wakeUps) {
                return wakeUps.stream().mapToLong(w -> w[1]).max().orElse(0);
            }
        }

        long worstMillis() {
            synchronized (millis) {
                return millis.stream().mapToLong(Long::longValue).max().orElse(0);
            }
        }

        String summary() {
            synchronized (millis) {
                List<Long> sorted = millis.stream().sorted().toList();
                return sorted.size() + " probes, median " + sorted.get(sorted.size() / 2) + " ms, 99th percentile "
                        + sorted.get(sorted.size() * 99 / 100) + " ms, worst " + worstMillis()
                        + " ms, worst less the machine's own delays " + worstUnexplainedMillis()
                        + " ms (a sleeper in another process woke up to " + machine.worstDelay()
                        + " ms late; one in this JVM up to " + worstWatchdogLateness() + " ms); 100 ms or more: " + slow
                        + "; where the UI thread was: " + String.join("\n", whereLate);
            }
        }
    }
}
