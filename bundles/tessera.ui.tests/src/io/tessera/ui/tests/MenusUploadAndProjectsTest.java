package io.tessera.ui.tests;

import static io.tessera.ui.tests.WorkbenchRobot.cell;
import static io.tessera.ui.tests.WorkbenchRobot.expand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cloud.CloudClients;
import io.tessera.core.job.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workbench's menus and key bindings, the upload view's folders, thumbnails, batch name and
 * progress, and the project tree's properties, copy path, re-run and delete, each driven as a user
 * drives them in the real product.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MenusUploadAndProjectsTest {
    private static final Path SAMPLES = Path.of(System.getProperty("tessera.testdata"));
    @RegisterExtension
    static final UiServers SERVERS = new UiServers();

    @Test
    void aboutNamesEveryVersionAndCtrlEnterSubmits() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        CLabel cluster = robot.find("monitor.cluster", CLabel.class);
        robot.waitFor("the cluster's report", Duration.ofSeconds(60), () -> cluster.getText().contains("ranks up"));

        robot.menu("Help", "About Tessera");
        Table versions = robot.find("about.versions", Table.class);
        Map<String, String> shown = robot.read(() -> {
            Map<String, String> rows = new LinkedHashMap<>();
            for (TableItem item : versions.getItems()) {
                rows.put(item.getText(0), item.getText(1));
            }
            return rows;
        });
        assertEquals(Provenance.tesseraVersion(), shown.get("Tessera"));
        assertEquals(ij.IJ.getFullVersion(), shown.get("ImageJ"));
        assertEquals(CloudClients.sdkVersion(), shown.get("AWS SDK for Java"));
        assertTrue(shown.get("Open MPI").startsWith("Open MPI v"), "Open MPI: " + shown.get("Open MPI"));
        robot.screenshot("about");
        robot.clickAndContinue("about.close");
        robot.waitFor("the About dialog to close", Duration.ofSeconds(10), () -> versions.isDisposed());

        // The menus show the key bindings, and Ctrl+Enter submits from anywhere, as Run › Submit Batch does.
        assertEquals("Submit Batch\tCtrl+Enter", robot.menuText("Run", "Submit Batch"));
        assertEquals("Re-run on Selection\tCtrl+R", robot.menuText("Run", "Re-run on Selection"));
        Table monitor = robot.find("monitor.table", Table.class);
        int before = robot.read(() -> count(monitor, "coins.png", "DONE"));
        addPath(robot, SAMPLES.resolve("coins.png"));
        Palette.choose(robot, "Invert");
        robot.keys(SWT.MOD1, SWT.CR);
        robot.waitFor("coins.png inverted after Ctrl+Enter", Duration.ofSeconds(120),
                () -> count(monitor, "coins.png", "DONE") == before + 1);
    }

    @Test
    void aFolderBecomesANamedBatchWhoseResultsAreInspectedRerunRetriedAndDeleted() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        Path folder = Files.createTempDirectory(Path.of("target"), "folder-").toAbsolutePath();
        Files.copy(SAMPLES.resolve("camera.png"), folder.resolve("camera.png"));
        Files.createDirectories(folder.resolve("more"));
        Files.copy(SAMPLES.resolve("astronaut.png"), folder.resolve("more/astronaut.png"));
        Files.writeString(folder.resolve("broken.png"), "this is text, not a PNG");
        byte[] camera = Files.readAllBytes(SAMPLES.resolve("camera.png"));
        Files.write(folder.resolve("cut-short.png"), Arrays.copyOf(camera, 4000)); // header intact, pixels gone
        Files.writeString(folder.resolve("notes.txt"), "not an image: a folder's other files are left alone");

        addPath(robot, folder);
        Table files = robot.find("upload.files", Table.class);
        Label message = robot.find("upload.message", Label.class);
        robot.waitFor("4 images from the folder", Duration.ofSeconds(30),
                () -> message.getText().startsWith("4 image(s) added from") && files.getItemCount() == 4);
        Map<String, String[]> rows = robot.waitFor("every file's facts", Duration.ofSeconds(60), () -> {
            Map<String, String[]> seen = new LinkedHashMap<>();
            for (TableItem item : files.getItems()) {
                String type = cell(item, "Pixel type");
                if (type.equals("reading…")) {
                    return null;
                }
                seen.put(cell(item, "Image"), new String[] {cell(item, "Dimensions"), type,
                    item.getImage(0) == null ? "no thumbnail" : item.getImage(0).getBounds().width + " px thumbnail"});
            }
            return seen;
        });
        assertEquals(List.of("512 × 512", "8-bit", "48 px thumbnail"), List.of(rows.get("camera.png")));
        assertEquals(List.of("512 × 512", "RGB", "48 px thumbnail"), List.of(rows.get("astronaut.png")));
        assertTrue(rows.get("broken.png")[1].startsWith("cannot be read"), List.of(rows.get("broken.png")).toString());
        robot.screenshot("upload-view");

        // The unreadable file is removed with the Delete key; the truncated one stays, to fail on a rank.
        robot.onUi(() -> {
            for (int i = 0; i < files.getItemCount(); i++) {
                if (files.getItem(i).getText(0).equals("broken.png")) {
                    files.setSelection(i);
                }
            }
            Event delete = new Event();
            delete.keyCode = SWT.DEL;
            files.notifyListeners(SWT.KeyDown, delete);
        });
        robot.waitFor("3 files left", Duration.ofSeconds(10), () -> files.getItemCount() == 3);

        Text batchName = robot.find("upload.batchName", Text.class);
        robot.onUi(() -> batchName.setText("lab run"));
        Palette.choose(robot, "Invert");
        robot.menu("Run", "Submit Batch");
        CLabel progress = robot.find("upload.progressText", CLabel.class);
        robot.waitFor("the upload to finish", Duration.ofSeconds(60),
                () -> files.getItemCount() == 0 && progress.getText().equals("uploaded"));
        assertEquals("", robot.read(batchName::getText), "the next batch starts without a name");

        Tree tree = robot.find("projects.tree", Tree.class);
        robot.waitFor("lab_run-…/results/camera.png", Duration.ofSeconds(120),
                () -> findInTree(tree, "lab_run-", "camera.png"));
        robot.waitFor("astronaut.png's result", Duration.ofSeconds(60), () -> findInTree(tree, "lab_run-", "astronaut.png"));

        // Before/after in the editor: the input (fetched from the bucket) left of the slider, the result right.
        robot.onUi(() -> {
            TreeItem made = findInTree(tree, "lab_run-", "camera.png");
            Event doubleClick = new Event();
            doubleClick.item = made;
            tree.setSelection(made);
            tree.notifyListeners(SWT.DefaultSelection, doubleClick);
        });
        org.eclipse.swt.widgets.Label info = robot.find("editor.info", org.eclipse.swt.widgets.Label.class);
        robot.waitFor("the result open", Duration.ofSeconds(30), () -> info.getText().startsWith("camera.png — 512 × 512"));
        robot.click("editor.compare");
        org.eclipse.swt.widgets.Canvas canvas = robot.find("editor.canvas", org.eclipse.swt.widgets.Canvas.class);
        robot.waitFor("input and result side by side", Duration.ofSeconds(30),
                () -> Boolean.TRUE.equals(canvas.getData("tessera.comparing")));
        assertInvertedUnderTheMouse(robot, canvas, robot.find("editor.pixel", CLabel.class), "before", "after");
        robot.screenshot("editor-before-after");

        // Side by side: the input and the result in two views, zoom and pan locked together.
        robot.click("editor.sideBySide");
        org.eclipse.swt.widgets.Label leftTitle = robot.find("compare.leftTitle", org.eclipse.swt.widgets.Label.class);
        org.eclipse.swt.widgets.Label rightTitle = robot.find("compare.rightTitle", org.eclipse.swt.widgets.Label.class);
        robot.waitFor("both sides open", Duration.ofSeconds(30), () -> leftTitle.getText().equals("input of camera.png — 512 × 512 px")
                && rightTitle.getText().equals("camera.png — 512 × 512 px"));
        org.eclipse.swt.widgets.Canvas left = robot.find("compare.left", org.eclipse.swt.widgets.Canvas.class);
        org.eclipse.swt.widgets.Canvas right = robot.find("compare.right", org.eclipse.swt.widgets.Canvas.class);
        robot.click("compare.zoomIn");
        robot.click("compare.zoomIn");
        robot.onUi(() -> { // a drag on the left view
            Event down = new Event();
            down.x = 200;
            down.y = 150;
            down.button = 1;
            left.notifyListeners(SWT.MouseDown, down);
            Event move = new Event();
            move.x = 140;
            move.y = 100;
            move.stateMask = SWT.BUTTON1;
            left.notifyListeners(SWT.MouseMove, move);
            left.notifyListeners(SWT.MouseUp, new Event());
        });
        double leftZoom = robot.read(() -> (Double) left.getData("tessera.zoom"));
        assertTrue(leftZoom > 0, "zoomed in: " + leftZoom);
        assertEquals(leftZoom, (double) robot.read(() -> (Double) right.getData("tessera.zoom")), 1e-9, "zoom locked");
        double[] leftOrigin = robot.read(() -> (double[]) left.getData("tessera.origin"));
        double[] rightOrigin = robot.read(() -> (double[]) right.getData("tessera.origin"));
        assertTrue(leftOrigin[0] > 0 && leftOrigin[1] > 0, "panned into the image: " + java.util.Arrays.toString(leftOrigin));
        assertArrayEquals(leftOrigin, rightOrigin, 1e-9, "pan locked");
        assertInvertedUnderTheMouse(robot, right, robot.find("compare.pixel", CLabel.class), "left", "right");
        robot.screenshot("compare-side-by-side");

        // Two results chosen in Projects, compared from the File menu.
        robot.onUi(() -> {
            TreeItem first = findInTree(tree, "lab_run-", "camera.png");
            TreeItem second = findInTree(tree, "lab_run-", "astronaut.png");
            tree.setFocus();
            tree.setSelection(new TreeItem[] {first, second});
            Event event = new Event();
            event.item = second;
            tree.notifyListeners(SWT.Selection, event);
        });
        robot.menu("File", "Compare Side by Side");
        robot.waitFor("astronaut.png beside camera.png (the tree's order)", Duration.ofSeconds(30), () -> {
            org.eclipse.swt.widgets.Label l = (org.eclipse.swt.widgets.Label) visibleWithId(tree.getShell(), "compare.leftTitle");
            org.eclipse.swt.widgets.Label r = (org.eclipse.swt.widgets.Label) visibleWithId(tree.getShell(), "compare.rightTitle");
            return l != null && r != null && l.getText().startsWith("astronaut.png — ") && r.getText().startsWith("camera.png — ");
        });

        // Properties: the provenance of the selected result.
        robot.tab("Properties");
        select(robot, tree, "lab_run-", "camera.png");
        Table properties = robot.find("properties.table", Table.class);
        Map<String, String> shown = robot.waitFor("the result's provenance", Duration.ofSeconds(10), () -> {
            Map<String, String> p = new LinkedHashMap<>();
            for (TableItem item : properties.getItems()) {
                p.put(item.getText(0), item.getText(1));
            }
            return p.containsKey("Pipeline") ? p : null;
        });
        assertEquals("invert", shown.get("Pipeline"));
        assertTrue(shown.get("Input").matches("inputs/[0-9a-f]{64}/camera\\.png"), shown.get("Input"));
        robot.screenshot("properties");

        // The result's context menu exports the pipeline that made it as an ImageJ macro; Copy takes it.
        robot.contextMenu(tree, "Export as ImageJ Macro…");
        Text macro = robot.find("macro.text", Text.class);
        String exported = robot.read(macro::getText);
        assertTrue(exported.matches("(?s)// ImageJ macro made by Tessera from lab_run-[^/]+/results/camera\\.png\n"
                + "// Pipeline: invert\n.*"), exported);
        assertTrue(exported.endsWith("// 1. invert\nrun(\"Invert\");\n"), exported);
        robot.click("macro.copy");
        assertEquals(exported, robot.read(() -> {
            Clipboard clipboard = new Clipboard(Display.getCurrent());
            try {
                return clipboard.getContents(TextTransfer.getInstance());
            } finally {
                clipboard.dispose();
            }
        }), "Copy puts the macro on the clipboard");
        assertEquals("Copied " + exported.lines().count() + " lines.",
                robot.read(robot.find("macro.status", Label.class)::getText));
        robot.screenshot("export-macro-of-a-result");
        robot.onUi(robot.find("macro.shell", Shell.class)::close);

        Path onDisk = Path.of(shown.get("Location"));
        assertTrue(Files.isRegularFile(onDisk), onDisk.toString());

        // Ctrl+C on the tree copies the path on disk.
        robot.onUi(tree::setFocus);
        robot.keys(SWT.MOD1, 'c');
        String copied = robot.waitFor("the path on the clipboard", Duration.ofSeconds(10), () -> {
            Clipboard clipboard = new Clipboard(Display.getCurrent());
            try {
                Object text = clipboard.getContents(TextTransfer.getInstance());
                return onDisk.toString().equals(text) ? (String) text : null;
            } finally {
                clipboard.dispose();
            }
        });
        assertEquals(onDisk.toString(), copied);

        // Ctrl+R runs the result's recorded pipeline again on its input, as a new batch.
        int made = robot.read(() -> projectsHolding(tree, "camera.png"));
        robot.keys(SWT.MOD1, 'r');
        robot.waitFor("camera.png made again in a new batch", Duration.ofSeconds(120),
                () -> projectsHolding(tree, "camera.png") == made + 1);

        // The truncated image failed on its rank; Run › Retry Failed Jobs sends it again.
        Table monitor = robot.find("monitor.table", Table.class);
        robot.waitFor("cut-short.png to fail", Duration.ofSeconds(120), () -> count(monitor, "cut-short.png", "FAILED") == 1);
        // The batch's project says what became of it; the results folder lists results, not their records.
        robot.tab("Projects");
        robot.waitFor("the project named with 2 of 3 done, 1 failed", Duration.ofSeconds(10), () -> {
            for (TreeItem project : tree.getItems()) {
                if (project.getText().startsWith("lab_run-") && project.getText().endsWith(" (2/3, 1 failed)")) {
                    return true;
                }
            }
            return null;
        });
        assertTrue(robot.read(() -> findInTree(tree, "lab_run-", "camera.png" + Provenance.SUFFIX)) == null,
                "a provenance record is shown as its result's properties, not as a file");
        // The input without a result is in its batch's project too, with the reason.
        String missing = robot.waitFor("cut-short.png under the project, without a result", Duration.ofSeconds(10), () -> {
            for (TreeItem project : tree.getItems()) {
                if (project.getText().startsWith("lab_run-")) {
                    expand(project);
                    for (TreeItem node : project.getItems()) {
                        if (node.getText().equals("without a result (1)")) {
                            expand(node);
                            return node.getItemCount() == 1 ? node.getItem(0).getText() : null;
                        }
                    }
                }
            }
            return null;
        });
        assertTrue(missing.startsWith("cut-short.png — FAILED: ") && missing.length() > 30, "the reason said: " + missing);
        robot.screenshot("projects-with-progress");
        robot.menu("Run", "Retry Failed Jobs");
        robot.waitFor("cut-short.png tried again and failed again", Duration.ofSeconds(120),
                () -> count(monitor, "cut-short.png", "FAILED") == 2);

        // Delete, after confirming, removes the result and its provenance record from the disk.
        robot.tab("Projects");
        select(robot, tree, "lab_run-", "camera.png");
        robot.onUiAndContinue(() -> { // the confirmation is modal
            Event delete = new Event();
            delete.keyCode = SWT.DEL;
            tree.notifyListeners(SWT.KeyDown, delete);
        });
        robot.answer("OK");
        Path record = onDisk.resolveSibling("camera.png" + Provenance.SUFFIX);
        robot.waitFor("camera.png and its provenance deleted from the disk", Duration.ofSeconds(30),
                () -> !Files.exists(onDisk) && !Files.exists(record));
        assertTrue(Files.isRegularFile(onDisk.resolveSibling("astronaut.png")), "the rest of the batch stays");
        robot.screenshot("projects-after-delete");
    }

    /**
     * The palette: search narrows the tree to one operation; a two-step pipeline is reordered and
     * a step switched off; the preview follows on the selected image; the submitted job runs the
     * ticked step only.
     */
    @Test
    void thePaletteSearchesReordersSkipsAStepAndPreviews() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        addPath(robot, SAMPLES.resolve("moon.png"));
        Table files = robot.find("upload.files", Table.class);
        robot.waitFor("moon.png listed", Duration.ofSeconds(10), () -> {
            for (int i = 0; i < files.getItemCount(); i++) {
                if (files.getItem(i).getText(0).equals("moon.png")) {
                    files.setSelection(i); // the image the preview works on
                    files.notifyListeners(SWT.Selection, new Event());
                    return true;
                }
            }
            return false;
        });
        Text search = robot.find("palette.search", Text.class);
        robot.onUi(() -> search.setText("gauss"));
        Tree operations = robot.find("palette.operations", Tree.class);
        List<String> shown = robot.read(() -> {
            List<String> names = new java.util.ArrayList<>();
            for (TreeItem category : operations.getItems()) {
                for (TreeItem operation : category.getItems()) {
                    names.add(category.getText() + " › " + operation.getText());
                }
            }
            return names;
        });
        assertEquals(1, shown.size(), "one operation matches 'gauss': " + shown);
        assertTrue(shown.get(0).endsWith(" › Gaussian blur"), shown.toString());
        robot.find("palette.param.sigma", Text.class); // its form is shown
        robot.onUi(() -> search.setText(""));

        Table pipeline = robot.find("palette.pipeline", Table.class);
        try {
            Palette.choose(robot, "Invert");
            robot.click("palette.addStep");
            Palette.choose(robot, "Gaussian blur");
            Text sigma = robot.find("palette.param.sigma", Text.class);
            robot.onUi(() -> sigma.setText("3"));
            robot.click("palette.addStep");
            robot.onUi(() -> pipeline.setSelection(0));
            robot.click("palette.moveDown");
            List<String> steps = robot.read(() -> java.util.Arrays.stream(pipeline.getItems()).map(TableItem::getText).toList());
            assertTrue(steps.get(0).startsWith("1. gaussian-blur") && steps.get(1).equals("2. invert"), steps.toString());
            // Export as ImageJ macro: the ticked steps, in their order, as ImageJ's commands.
            robot.clickAndContinue("palette.exportMacro");
            Text macro = robot.find("macro.text", Text.class);
            String exported = robot.read(macro::getText);
            assertTrue(exported.startsWith("// ImageJ macro made by Tessera from the palette\n"
                    + "// Pipeline: gaussian-blur:sigma=3 | invert\n"), exported);
            assertTrue(exported.indexOf("run(\"Gaussian Blur...\", \"sigma=3\");") > 0
                    && exported.indexOf("run(\"Invert\");") > exported.indexOf("Gaussian Blur"), exported);
            robot.screenshot("export-macro-from-the-palette");
            robot.click("macro.close");
            robot.waitFor("the macro dialog closed", Duration.ofSeconds(10),
                    () -> macro.isDisposed() ? "closed" : null);
            robot.onUi(() -> {
                pipeline.getItem(0).setChecked(false); // the blur is skipped
                Event tick = new Event();
                tick.detail = SWT.CHECK;
                tick.item = pipeline.getItem(0);
                pipeline.notifyListeners(SWT.Selection, tick);
            });
            org.eclipse.swt.widgets.Canvas preview = robot.find("palette.preview", org.eclipse.swt.widgets.Canvas.class);
            robot.waitFor("the preview of the invert step alone", Duration.ofSeconds(30),
                    () -> String.valueOf(preview.getData("tessera.previewSteps")).equals("[invert]"));
            String previewed = robot.read(robot.find("palette.previewInfo", CLabel.class)::getText);
            assertTrue(previewed.startsWith("moon.png after 1 step(s)"), previewed);
            robot.screenshot("palette-preview");

            Table monitor = robot.find("monitor.table", Table.class);
            robot.click("palette.submit");
            String pipelineRun = robot.waitFor("moon.png's job to end", Duration.ofSeconds(120), () -> {
                for (TableItem item : monitor.getItems()) {
                    if (cell(item, "Image").equals("moon.png") && cell(item, "State").matches("DONE|FAILED")) {
                        return cell(item, "State") + " " + cell(item, "Pipeline");
                    }
                }
                return null;
            });
            assertEquals("DONE invert", pipelineRun);
        } finally {
            emptyThePipeline(robot, pipeline);
        }
    }

    /**
     * Measurements in the workbench: a particle workflow on coins.png built in the palette; the
     * Measurements view lists a row per particle — as many as ImageJ's own particle analyzer finds
     * on the mask the cluster made — sorts them by area, filters by image name, copies them for a
     * spreadsheet, and counts every area in its histogram.
     */
    @Test
    void aBatchsMeasurementsAreSortedFilteredCopiedAndCounted() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        addPath(robot, SAMPLES.resolve("coins.png"));
        Table pipeline = robot.find("palette.pipeline", Table.class);
        try {
            Palette.choose(robot, "Auto threshold");
            org.eclipse.swt.widgets.Combo method = robot.find("palette.param.method", org.eclipse.swt.widgets.Combo.class);
            robot.onUi(() -> {
                method.select(method.indexOf("Otsu"));
                method.notifyListeners(SWT.Selection, new Event());
            });
            robot.click("palette.param.dark");
            robot.click("palette.addStep");
            Palette.choose(robot, "Fill holes");
            robot.click("palette.addStep");
            Palette.choose(robot, "Analyze particles");
            Text sizeMin = robot.find("palette.param.size-min", Text.class);
            robot.onUi(() -> sizeMin.setText("100"));
            robot.click("palette.param.exclude");
            robot.click("palette.addStep");
            List<String> steps = robot.read(() -> Arrays.stream(pipeline.getItems()).map(TableItem::getText).toList());
            assertEquals("3. analyze-particles:size-min=100,exclude=true", steps.get(2).replaceAll(
                    ",size-max=[^,]*|,circ-[a-z]+=[^,]*|,include=false|,black=true", ""), steps.toString());
            robot.click("palette.submit");
        } finally {
            emptyThePipeline(robot, pipeline);
        }
        Table monitor = robot.find("monitor.table", Table.class);
        // DONE, and fetched: the row then shows where the result is in the project.
        robot.waitFor("coins.png's particles counted", Duration.ofSeconds(120), () -> {
            for (TableItem item : monitor.getItems()) {
                if (cell(item, "Image").equals("coins.png") && cell(item, "Pipeline").contains("analyze-particles")
                        && cell(item, "State").equals("DONE") && cell(item, "Result or error").startsWith("/")) {
                    return true;
                }
            }
            return null;
        });

        // ImageJ's own count and areas, on the mask the cluster made (fetched into the project).
        Path mask;
        try (var found = Files.walk(Path.of(org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot()
                .getLocation().toOSString()))) {
            mask = found.filter(p -> p.getFileName().toString().equals("coins.png") && isParticleResult(p))
                    .findFirst().orElseThrow();
        }
        ij.ImagePlus image = ij.IJ.openImage(mask.toString());
        image.getProcessor().setThreshold(255, 255, ij.process.ImageProcessor.NO_LUT_UPDATE);
        ij.measure.ResultsTable imagej = new ij.measure.ResultsTable();
        new ij.plugin.filter.ParticleAnalyzer(ij.plugin.filter.ParticleAnalyzer.EXCLUDE_EDGE_PARTICLES,
                ij.measure.Measurements.AREA, imagej, 100, Double.POSITIVE_INFINITY, 0, 1).analyze(image, image.getProcessor());
        double largest = Arrays.stream(imagej.getColumn("Area")).max().orElseThrow();
        assertTrue(imagej.size() > 10, imagej.size() + " coins");

        robot.tab("Measurements");
        Table rows = robot.find("measurements.table", Table.class);
        int listed = robot.waitFor("a row per particle", Duration.ofSeconds(30),
                () -> rows.getItemCount() == imagej.size() ? rows.getItemCount() : null);
        assertEquals(imagej.size(), listed);
        int area = robot.read(() -> Arrays.asList(rows.getColumns()).stream().map(org.eclipse.swt.widgets.TableColumn::getText)
                .toList().indexOf("Area"));
        robot.onUi(() -> { // two clicks on the header: largest first
            rows.getColumn(area).notifyListeners(SWT.Selection, new Event());
            rows.getColumn(area).notifyListeners(SWT.Selection, new Event());
        });
        double[] firstTwo = robot.read(() -> new double[] {Double.parseDouble(rows.getItem(0).getText(area)),
            Double.parseDouble(rows.getItem(1).getText(area))});
        assertEquals(largest, firstTwo[0], "the largest coin first");
        assertTrue(firstTwo[0] >= firstTwo[1], Arrays.toString(firstTwo));

        Text filter = robot.find("measurements.filter", Text.class);
        robot.onUi(() -> filter.setText("camera"));
        assertEquals(0, (int) robot.read(rows::getItemCount), "no row of another image");
        robot.onUi(() -> filter.setText("coins"));
        assertEquals(listed, (int) robot.read(rows::getItemCount));

        robot.click("measurements.copy");
        String copied = robot.read(() -> {
            Clipboard clipboard = new Clipboard(Display.getCurrent());
            try {
                return (String) clipboard.getContents(TextTransfer.getInstance());
            } finally {
                clipboard.dispose();
            }
        });
        List<String> lines = copied.lines().toList();
        assertTrue(lines.get(0).startsWith("image\tmeasurement\tn\tArea\t"), lines.get(0));
        assertEquals(listed + 1, lines.size(), "the header and every row");
        assertTrue(lines.get(1).startsWith("coins.png\tanalyze-particles\t"), lines.get(1));

        org.eclipse.swt.widgets.Combo column = robot.find("measurements.column", org.eclipse.swt.widgets.Combo.class);
        robot.onUi(() -> {
            column.select(column.indexOf("Area"));
            column.notifyListeners(SWT.Selection, new Event());
        });
        int[] bins = robot.read(() -> (int[]) robot.find("measurements.histogram",
                org.eclipse.swt.widgets.Canvas.class).getData("tessera.histogram"));
        assertEquals(listed, Arrays.stream(bins).sum(), "every area in the histogram: " + Arrays.toString(bins));
        robot.screenshot("measurements");

        // The batch's project holds them too, joined: measurements.csv at its top, a row per particle.
        Path joined = mask.getParent().getParent().resolve("measurements.csv");
        List<String> csv = robot.waitFor("measurements.csv in the project", Duration.ofSeconds(30), () -> {
            try {
                List<String> read = Files.isRegularFile(joined) ? Files.readAllLines(joined) : List.of();
                return read.size() == listed + 1 ? read : null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        assertTrue(csv.get(0).startsWith("image,measurement,n,Area,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("coins.png,analyze-particles,1,"), csv.get(1));
    }

    /** The palette is shared by the tests: each leaves its pipeline empty. */
    private static void emptyThePipeline(WorkbenchRobot robot, Table pipeline) {
        while (robot.read(pipeline::getItemCount) > 0) {
            robot.onUi(() -> pipeline.setSelection(0));
            robot.click("palette.removeStep");
        }
    }

    /** A result whose provenance says a particle analysis made it. */
    private static boolean isParticleResult(Path result) {
        try {
            Path record = result.resolveSibling(result.getFileName() + Provenance.SUFFIX);
            return Files.isRegularFile(record) && Files.readString(record).contains("analyze-particles");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void addPath(WorkbenchRobot robot, Path path) {
        Text text = robot.find("upload.path", Text.class);
        robot.onUi(() -> text.setText(path.toString()));
        robot.click("upload.add");
    }


    /** Selects a result as a click does. Found afresh: the tree reuses its items as results arrive. */
    private static void select(WorkbenchRobot robot, Tree tree, String projectPrefix, String name) {
        robot.onUi(() -> {
            TreeItem item = findInTree(tree, projectPrefix, name);
            tree.setFocus();
            tree.setSelection(item);
            Event event = new Event();
            event.item = item;
            tree.notifyListeners(SWT.Selection, event);
        });
    }

    /**
     * With the mouse at the middle of {@code canvas}, the pixel line names two values of the same
     * pixel, {@code first} and {@code second}, 255 apart: an input and its inverted result.
     */
    private static void assertInvertedUnderTheMouse(WorkbenchRobot robot, org.eclipse.swt.widgets.Canvas canvas, CLabel line,
            String first, String second) {
        String values = robot.read(() -> {
            Event move = new Event();
            move.x = canvas.getClientArea().width / 2;
            move.y = canvas.getClientArea().height / 2;
            canvas.notifyListeners(SWT.MouseMove, move);
            return line.getText();
        });
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("x \\d+, y \\d+: " + first + " (\\d+) · " + second
                + " (\\d+)").matcher(values);
        assertTrue(m.matches(), values);
        assertEquals(255 - Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), "inverted: " + values);
    }

    /** The visible widget carrying {@code id}, or null: the robot's find would wait for one. */
    private static org.eclipse.swt.widgets.Control visibleWithId(org.eclipse.swt.widgets.Composite parent, String id) {
        return WorkbenchRobot.first(parent, c -> c.isVisible() && id.equals(c.getData(io.tessera.ui.parts.WidgetIds.KEY)));
    }

    /** How many projects hold a result called {@code name}. */
    private static int projectsHolding(Tree tree, String name) {
        int n = 0;
        for (TreeItem project : tree.getItems()) {
            if (findInTree(tree, project.getText(), name) != null) {
                n++;
            }
        }
        return n;
    }

    /** The file {@code name} in a project whose name starts with {@code projectPrefix}. */
    private static TreeItem findInTree(Tree tree, String projectPrefix, String name) {
        for (TreeItem project : tree.getItems()) {
            if (!project.getText().startsWith(projectPrefix)) {
                continue;
            }
            expand(project);
            for (TreeItem folder : project.getItems()) {
                expand(folder);
                for (TreeItem file : folder.getItems()) {
                    if (name.equals(file.getText())) {
                        return file;
                    }
                }
            }
        }
        return null;
    }

    private static int count(Table monitor, String image, String state) {
        int n = 0;
        for (TableItem item : monitor.getItems()) {
            if (cell(item, "Image").equals(image) && cell(item, "State").equals(state)) {
                n++;
            }
        }
        return n;
    }
}
