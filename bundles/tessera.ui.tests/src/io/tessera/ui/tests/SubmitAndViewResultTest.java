package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.tessera.ui.tests.WorkbenchRobot.cell;
import static io.tessera.ui.tests.WorkbenchRobot.expand;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.batch.DeadLetters;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.op.PipelineStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton in the real workbench: add an image, choose Gaussian blur with sigma 2,
 * submit, watch the queue monitor, find the result in the project tree and open it.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SubmitAndViewResultTest {
    @RegisterExtension
    static final UiServers SERVERS = new UiServers();

    @Test
    void uploadBlurSubmitAndOpenTheResult() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        Path camera = Path.of(System.getProperty("tessera.testdata"), "camera.png");
        assertTrue(Files.isRegularFile(camera), "sample image missing: run ./tessera test");

        Text path = robot.find("upload.path", Text.class);
        robot.onUi(() -> path.setText(camera.toString()));
        robot.click("upload.add");
        Table files = robot.find("upload.files", Table.class);
        robot.waitFor("the image waiting for upload", Duration.ofSeconds(10), () -> files.getItemCount() == 1);

        Palette.choose(robot, "Gaussian blur");
        Text sigma = robot.find("palette.param.sigma", Text.class);
        robot.onUi(() -> sigma.setText("2"));
        robot.click("palette.submit");

        Table monitor = robot.find("monitor.table", Table.class);
        String done = robot.waitFor("the job to be DONE in the queue monitor", Duration.ofSeconds(120), () -> {
            for (TableItem item : monitor.getItems()) {
                if (!"camera.png".equals(cell(item, "Image"))) {
                    continue;
                }
                if ("FAILED".equals(cell(item, "State"))) {
                    return "FAILED: " + cell(item, "Result or error");
                }
                if ("DONE".equals(cell(item, "State")) && cell(item, "Result or error").endsWith("camera.png")) {
                    return "DONE on rank " + cell(item, "Rank");
                }
            }
            return null;
        });
        assertEquals("DONE on rank 1", done);

        // Above the jobs, the cluster's own report, read from the bucket: its ranks and work.
        CLabel cluster = robot.find("monitor.cluster", CLabel.class);
        String report = robot.waitFor("the cluster's report in the queue monitor", Duration.ofSeconds(30),
                () -> cluster.getText().matches("cluster: 2 ranks up on .*· [1-9]\\d* done, \\d+ failed.*")
                        ? cluster.getText() : null);
        assertTrue(report.endsWith("· 0 restarts"), report);

        Tree tree = robot.find("projects.tree", Tree.class);
        TreeItem result = robot.waitFor("camera.png in the project tree", Duration.ofSeconds(30), () -> {
            for (TreeItem project : tree.getItems()) {
                expand(project);
                for (TreeItem folder : project.getItems()) {
                    expand(folder);
                    for (TreeItem file : folder.getItems()) {
                        if ("camera.png".equals(file.getText())) {
                            return file;
                        }
                    }
                }
            }
            return null;
        });
        robot.onUi(() -> {
            tree.setSelection(result);
            tree.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            org.eclipse.swt.widgets.Event doubleClick = new org.eclipse.swt.widgets.Event();
            doubleClick.item = result;
            tree.notifyListeners(org.eclipse.swt.SWT.DefaultSelection, doubleClick);
        });

        Label info = robot.find("editor.info", Label.class);
        robot.waitFor("the image editor to show the result", Duration.ofSeconds(30),
                () -> info.getText().contains("×") ? info.getText() : null);
        assertEquals("camera.png — 512 × 512 px, 8-bit", robot.read(info::getText));
        Canvas canvas = robot.find("editor.canvas", Canvas.class);
        assertArrayEquals(new int[] {512, 512}, robot.read(() -> (int[]) canvas.getData("tessera.imageSize")));
        Path shot = robot.screenshot("workbench-result");
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " looks empty");
    }

    @Test
    void badImagesFailWithTheirReasonAndTheNextImageSucceeds() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        Path data = Path.of(System.getProperty("tessera.testdata"));
        Path notes = Files.createTempDirectory("tessera-bad").resolve("notes.png");
        Files.writeString(notes, "these are my notes, not a picture\n");
        Text path = robot.find("upload.path", Text.class);
        for (Path file : List.of(data.resolve("truncated.jpg"), notes, data.resolve("coins.png"))) {
            robot.onUi(() -> path.setText(file.toString()));
            robot.click("upload.add");
        }
        Palette.choose(robot, "Invert");
        // The user is in another window while the batch runs.
        org.eclipse.swt.widgets.Shell workbench = robot.read(() -> path.getShell());
        org.eclipse.swt.widgets.Shell elsewhere = robot.read(() -> {
            org.eclipse.swt.widgets.Shell other = new org.eclipse.swt.widgets.Shell(path.getDisplay());
            other.setText("elsewhere");
            other.setBounds(100, 100, 300, 200);
            other.open();
            other.forceActive();
            return other;
        });
        robot.waitFor("another window in front", Duration.ofSeconds(10),
                () -> elsewhere.getDisplay().getActiveShell() == elsewhere ? true : null);
        robot.click("palette.submit");

        Table monitor = robot.find("monitor.table", Table.class);
        java.util.Map<String, String> outcome = robot.waitFor("all three jobs to end", Duration.ofSeconds(120), () -> {
            java.util.Map<String, String> byImage = new java.util.HashMap<>();
            for (TableItem item : monitor.getItems()) {
                String state = cell(item, "State");
                // DONE counts once its result is fetched: the row then shows where it is on disk.
                if (state.equals("DONE") && cell(item, "Result or error").startsWith("/") || state.equals("FAILED")) {
                    byImage.put(cell(item, "Image"), state + ": " + cell(item, "Result or error"));
                }
            }
            return byImage.keySet().containsAll(List.of("truncated.jpg", "notes.png", "coins.png")) ? byImage : null;
        });
        assertTrue(outcome.get("truncated.jpg").startsWith("FAILED: truncated.jpg is damaged or incomplete"),
                outcome.get("truncated.jpg"));
        assertTrue(outcome.get("notes.png").startsWith("FAILED: notes.png is not an image in a format Tessera reads"),
                outcome.get("notes.png"));
        assertTrue(outcome.get("coins.png").startsWith("DONE: /batch-") && outcome.get("coins.png").endsWith("/coins.png"),
                outcome.get("coins.png"));

        // The batch's own line: its progress and throughput.
        CLabel batchLine = robot.find("monitor.batch.0", CLabel.class);
        String line = robot.waitFor("the batch line", Duration.ofSeconds(10),
                () -> batchLine.getText().contains("1 of 3 done, 2 failed") ? batchLine.getText() : null);
        assertTrue(line.matches("batch-\\S+: 1 of 3 done, 2 failed · \\d+\\.\\d jobs/s"), line);
        assertEquals(100, (int) robot.read(robot.find("monitor.batch.0.bar", org.eclipse.swt.widgets.ProgressBar.class)
                ::getSelection));

        // The batch's end in the status line; and the window, if not in front, asks for attention.
        CLabel status = robot.find("status.line", CLabel.class);
        String ended = robot.waitFor("the batch's end in the status line", Duration.ofSeconds(10),
                () -> status.getText().endsWith(": 1 of 3 done, 2 failed") ? status.getText() : null);
        assertTrue(ended.matches("batch-\\S+ ended at \\d\\d:\\d\\d:\\d\\d: 1 of 3 done, 2 failed"), ended);
        assertTrue(robot.read(() -> io.tessera.ui.parts.WindowAttention.isRequested(workbench)),
                "the workbench's window asks for attention: the batch ended while another window was in front");
        robot.onUi(() -> {
            elsewhere.dispose();
            workbench.forceActive();
        });
        robot.waitFor("the urgency hint taken back once the window is in front", Duration.ofSeconds(10),
                () -> io.tessera.ui.parts.WindowAttention.isRequested(workbench) ? null : true);

        // The failures link narrows the table to this batch's failures, sorted by image as a user looks through a long list.
        Combo filter = robot.find("monitor.filter", Combo.class);
        org.eclipse.swt.widgets.Link failuresLink = robot.find("monitor.batch.0.failures", org.eclipse.swt.widgets.Link.class);
        assertEquals("<a>show the 2 failed</a>", robot.read(failuresLink::getText));
        try {
            robot.click("monitor.batch.0.failures");
            robot.onUi(() -> {
                for (org.eclipse.swt.widgets.TableColumn column : monitor.getColumns()) {
                    if (column.getText().equals("Image")) {
                        column.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                    }
                }
            });
            assertEquals("Failed", robot.read(filter::getText));
            List<String> failures = robot.read(() -> {
                List<String> shown = new java.util.ArrayList<>();
                for (TableItem item : monitor.getItems()) {
                    shown.add(cell(item, "Image") + " " + cell(item, "State"));
                }
                return shown;
            });
            assertEquals(List.of("notes.png FAILED", "truncated.jpg FAILED"), failures, "this batch's failures, by image");
            robot.screenshot("workbench-bad-input");
            robot.click("monitor.scope"); // "all batches"
            assertTrue(robot.read(monitor::getItemCount) >= 2, "every batch's failures again");
        } finally {
            robot.onUi(() -> {
                filter.select(0);
                filter.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            });
        }
    }

    /** The palette's form is generated from each operation's declaration, a plugin's included. */
    @Test
    void paletteFormFollowsEachDeclarationAndRunsThePlugin() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        Palette.choose(robot, "Auto threshold");
        Combo method = robot.find("palette.param.method", Combo.class);
        assertEquals("Default", robot.read(method::getText));
        assertTrue(robot.read(() -> List.of(method.getItems()).containsAll(List.of("Otsu", "Li", "Huang"))));
        robot.find("palette.param.dark", org.eclipse.swt.widgets.Button.class);

        Palette.choose(robot, "Gaussian blur");
        Text sigma = robot.find("palette.param.sigma", Text.class);
        robot.onUi(() -> sigma.setText("500"));
        Label message = robot.find("palette.message", Label.class);
        assertEquals("gaussian-blur: sigma=500 is out of range: it must lie in [0.1, 100] px",
                robot.read(message::getText));

        // The example plugin: a bundle of its own, found as an OSGi service, run by the cluster.
        Palette.choose(robot, "Posterize");
        Text levels = robot.find("palette.param.levels", Text.class);
        assertEquals("4", robot.read(levels::getText));
        robot.onUi(() -> levels.setText("3"));
        Text path = robot.find("upload.path", Text.class);
        robot.onUi(() -> path.setText(Path.of(System.getProperty("tessera.testdata"), "astronaut.png").toString()));
        robot.click("upload.add");
        robot.click("palette.submit");
        Table monitor = robot.find("monitor.table", Table.class);
        String outcome = robot.waitFor("the posterize job to end", Duration.ofSeconds(120), () -> {
            for (TableItem item : monitor.getItems()) {
                if (cell(item, "Image").equals("astronaut.png") && cell(item, "Pipeline").startsWith("posterize")
                        && !cell(item, "State").matches("SUBMITTED|RUNNING")) {
                    return cell(item, "State") + " " + cell(item, "Pipeline");
                }
            }
            return null;
        });
        assertEquals("DONE posterize:levels=3", outcome);
        robot.screenshot("palette-plugin");
    }


    /**
     * An ImageJ macro written in the palette's editor: the preview runs it (in a JVM of its own, as a
     * rank does) and names its first error with the line; a macro that fails on the preview is not
     * submitted; a good one is previewed with the rows it measures, submitted signed, and run.
     */
    @Test
    void anImageJMacroIsEditedPreviewedAndRun() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        // A name no other test's job has: the monitor keeps every test's rows.
        Path coins = Files.copy(Path.of(System.getProperty("tessera.testdata"), "coins.png"),
                Files.createTempDirectory("tessera-macro").resolve("macro-coins.png"));
        Text path = robot.find("upload.path", Text.class);
        robot.onUi(() -> path.setText(coins.toString()));
        robot.click("upload.add");
        Palette.choose(robot, "ImageJ Macro");
        Text code = robot.find("palette.param.code", Text.class);
        robot.find("palette.param.code.open", org.eclipse.swt.widgets.Button.class);
        CLabel previewInfo = robot.find("palette.previewInfo", CLabel.class);

        robot.onUi(() -> code.setText("run(\"Invert\");\nrun(\"Gaussian Blur...\" \"sigma=2\");\n"));
        String refused = robot.waitFor("the preview to name the macro's error", Duration.ofSeconds(60),
                () -> previewInfo.getText().startsWith("No preview: ") ? previewInfo.getText() : null);
        assertEquals("No preview: the ImageJ macro failed: ',' or ')'  expected (line 2)", refused);
        robot.click("palette.submit");
        Label message = robot.find("palette.message", Label.class);
        assertEquals("not submitted: on the preview of macro-coins.png, the ImageJ macro failed: ',' or ')'  expected (line 2)",
                robot.read(message::getText));

        robot.onUi(() -> code.setText("""
                // edges of the coins, and how bright they are
                run("Gaussian Blur...", "sigma=2");
                run("Find Edges");
                getStatistics(area, mean);
                setResult("Mean", nResults, mean);
                """));
        String previewed = robot.waitFor("the macro's preview", Duration.ofSeconds(60),
                () -> previewInfo.getText().startsWith("macro-coins.png after 1 step(s)") ? previewInfo.getText() : null);
        assertTrue(previewed.endsWith("; 1 row(s) measured"), previewed);
        robot.screenshot("palette-macro");

        robot.click("palette.submit");
        Table monitor = robot.find("monitor.table", Table.class);
        // Ended, and (when DONE) its result fetched into the batch's project.
        String outcome = robot.waitFor("the macro job to end", Duration.ofSeconds(120), () -> {
            for (TableItem item : monitor.getItems()) {
                if (cell(item, "Image").equals("macro-coins.png") && cell(item, "Pipeline").startsWith("imagej-macro")
                        && (cell(item, "State").equals("FAILED") || cell(item, "Result or error").startsWith("/"))) {
                    return cell(item, "State") + " " + cell(item, "Pipeline") + " " + cell(item, "Result or error");
                }
            }
            return null;
        });
        assertTrue(outcome.startsWith("DONE imagej-macro:code=// edges of the coins, and how bright th… (5 lines, "),
                outcome);
        assertTrue(outcome.endsWith("/results/macro-coins.png"), outcome);
    }

    /**
     * A plugin developer's whole round, the workbench running: {@code tessera new-operation}
     * makes a project, its Maven wrapper builds it, the jar goes into the plugins folder beside a
     * jar that is no bundle; {@code tessera ops} lists the operation; Window › Reload Plugins
     * installs it (and says which jar it could not load, and why); the palette shows its form; the
     * local cluster (its supervisor watches the same folder) launches again with it and runs it,
     * equal to ImageJ's Add. Taken away and reloaded, it leaves the palette.
     */
    @Test
    void aScaffoldedPluginIsBuiltDroppedReloadedIntoThePaletteAndRunOnTheCluster() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        Path home = Path.of(System.getProperty("tessera.home"));
        Path plugins = home.resolve("plugins");
        Files.createDirectories(plugins);
        try {
            Tree operations = robot.find("palette.operations", Tree.class);
            assertTrue(!paletteLabels(robot, operations).contains("Brighten"));
            Path project = Files.createTempDirectory("tessera-plugin").resolve("brighten");
            run(home, null, cli(), "new-operation", "brighten", "--dir", project.toString(), "--package", "org.example.ops");
            // Built as its README says, offline: everything it needs came with Tessera's own build.
            run(home, project, List.of("./mvnw", "-o", "-q", "-B", "package"));
            Path cluster = SERVERS.services().logDir().resolve("cluster.log");
            int mark = Files.readString(cluster).length();
            Files.copy(project.resolve("target/brighten.jar"), plugins.resolve("brighten.jar"));
            try (var plain = new java.util.jar.JarOutputStream(Files.newOutputStream(plugins.resolve("plain.jar")))) {
                plain.putNextEntry(new java.util.zip.ZipEntry("README.txt"));
                plain.write("not a bundle".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String listed = run(home, null, cli(), "ops");
            assertTrue(listed.contains("brighten             Plugins   Adds a value to every pixel"), listed);

            robot.menu("Window", "Reload Plugins");
            String said = robot.dialogText("Reload Plugins");
            robot.screenshot("reload-plugins");
            robot.answer("OK");
            assertTrue(said.contains("Plugins folder: " + plugins), said);
            assertTrue(said.contains("Installed: brighten.jar"), said);
            assertTrue(said.contains("New operations: brighten\n"), said);
            assertTrue(said.contains("Not loaded: plain.jar: not an OSGi bundle (no Bundle-SymbolicName in its manifest)"),
                    said);

            Palette.choose(robot, "Brighten");
            Label description = robot.find("palette.description", Label.class);
            assertEquals("Adds a value to every pixel (Process › Math › Add). (Plugins)", robot.read(description::getText));
            Text value = robot.find("palette.param.value", Text.class);
            assertEquals("25", robot.read(value::getText), "the form shows the declared default");
            robot.onUi(() -> value.setText("40"));
            robot.screenshot("palette-brighten");
            // The cluster's supervisor saw the jar too: drained, launched again with it.
            robot.waitFor("the cluster launched again with the plugin", Duration.ofSeconds(90), () -> {
                try {
                    String since = Files.readString(cluster).substring(mark);
                    return since.matches("(?s).*event=plugins-changed .*event=cluster-ready .*") ? since : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            Path input = Files.copy(Path.of(System.getProperty("tessera.testdata"), "coins.png"),
                    Files.createTempDirectory("tessera-plugin").resolve("plugin-coins.png"));
            Text path = robot.find("upload.path", Text.class);
            robot.onUi(() -> path.setText(input.toString()));
            robot.click("upload.add");
            // The palette previews the plugin's step in this JVM, as it does the product's.
            org.eclipse.swt.widgets.Canvas preview = robot.find("palette.preview", org.eclipse.swt.widgets.Canvas.class);
            robot.waitFor("the plugin's preview", Duration.ofSeconds(30),
                    () -> String.valueOf(preview.getData("tessera.previewSteps")).equals("[brighten:value=40]") ? true : null);
            robot.click("palette.submit");
            Table monitor = robot.find("monitor.table", Table.class);
            String outcome = robot.waitFor("the plugin's job to end", Duration.ofSeconds(120), () -> {
                for (TableItem item : monitor.getItems()) {
                    if (cell(item, "Image").equals("plugin-coins.png")
                            && (cell(item, "State").equals("FAILED") || cell(item, "Result or error").startsWith("/"))) {
                        return cell(item, "State") + " " + cell(item, "Pipeline") + " " + cell(item, "Result or error");
                    }
                }
                return null;
            });
            assertTrue(outcome.startsWith("DONE brighten:value=40 "), outcome);
            // The upload view is empty again: the preview shows nothing, not the submitted image.
            robot.waitFor("the preview emptied", Duration.ofSeconds(10),
                    () -> preview.getData("tessera.previewSteps") == null ? true : null);
            String result = outcome.substring(outcome.lastIndexOf(' ') + 1);
            ij.process.ImageProcessor expected = ij.IJ.openImage(input.toString()).getProcessor();
            expected.add(40); // ImageJ's Process › Math › Add
            ij.process.ImageProcessor actual = ij.IJ.openImage(Path.of(org.eclipse.core.resources.ResourcesPlugin
                    .getWorkspace().getRoot().getLocation().toOSString(), result).toString()).getProcessor();
            assertArrayEquals((byte[]) expected.getPixels(), (byte[]) actual.getPixels(), "the plugin's pixels");

            Files.delete(plugins.resolve("brighten.jar"));
            Files.delete(plugins.resolve("plain.jar"));
            robot.menu("Window", "Reload Plugins");
            String afterRemoval = robot.dialogText("Reload Plugins");
            robot.answer("OK");
            assertTrue(afterRemoval.contains("Removed: brighten.jar"), afterRemoval);
            assertTrue(afterRemoval.contains("Operations no longer available: brighten"), afterRemoval);
            assertTrue(!paletteLabels(robot, operations).contains("Brighten"));
        } finally {
            // Never left for the tests after this one, whatever failed.
            Files.deleteIfExists(plugins.resolve("brighten.jar"));
            Files.deleteIfExists(plugins.resolve("plain.jar"));
        }
    }

    /** The command line as the launcher runs it: its jars, from this checkout's build. */
    private static List<String> cli() {
        Path target = Path.of(System.getProperty("tessera.repo"), "bundles/tessera.cli/target");
        return List.of(Path.of(System.getProperty("java.home"), "bin/java").toString(), "-Djava.awt.headless=true",
                "-Dtessera.repo=" + System.getProperty("tessera.repo"), "-cp", target.resolve("tessera.cli.jar") + ":" + target.resolve("lib") + "/*", "io.tessera.cli.Main");
    }

    /** Runs a command with this test's Tessera home and Java; fails with its output unless it succeeds. */
    private static String run(Path home, Path dir, List<String> command, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(command);
        all.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(all).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().put("TESSERA_HOME", home.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("TESSERA_PLUGINS");
        Process process = builder.start();
        String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", all) + ":\n" + said);
        return said;
    }

    private static List<String> paletteLabels(WorkbenchRobot robot, Tree tree) {
        return robot.read(() -> {
            List<String> labels = new java.util.ArrayList<>();
            for (TreeItem category : tree.getItems()) {
                expand(category);
                for (TreeItem operation : category.getItems()) {
                    labels.add(operation.getText());
                }
            }
            return labels;
        });
    }

    /**
     * A job the cluster could not run waits in the dead-letter queue: the monitor's Dead letters
     * dialog lists it with its reason, and Run again sends it back, after which it runs.
     */
    @Test
    void aDeadLetterIsListedWithItsReasonAndRunAgain() throws Exception {
        CloudConfig config = CloudConfig.read(SERVERS.services().configFile());
        try (CloudClients clients = new CloudClients(config)) {
            clients.objectStore().put("inputs/deadletter/coins.png",
                    Files.readAllBytes(Path.of(System.getProperty("tessera.testdata"), "coins.png")), "image/png");
            JobSpec job = new JobSpec(JobCodec.VERSION, "deadletter-0", "deadletter", "inputs/deadletter/coins.png",
                    "results/deadletter/coins", "tessera-events-ui-deadletter", List.of(PipelineStep.parse("invert")));
            clients.createQueue(job.eventsQueue());
            clients.deadLetters().send(JobCodec.encode(job), "dead-letters", "deadletter-0-ui",
                    Map.of(DeadLetters.REASON, "received too often without finishing: its ranks died each time"));

            WorkbenchRobot robot = new WorkbenchRobot();
            robot.clickAndContinue("monitor.deadLetters");
            Table table = robot.find("deadletters.table", Table.class);
            String row = robot.waitFor("the dead letter in the dialog", Duration.ofSeconds(30), () -> {
                for (TableItem item : table.getItems()) {
                    if (item.getText(0).startsWith("deadletter-0")) {
                        item.setChecked(true);
                        return item.getText(0) + " | " + item.getText(1);
                    }
                }
                return null;
            });
            assertEquals("deadletter-0 (inputs/deadletter/coins.png) | received too often without finishing: its ranks"
                    + " died each time", row);
            robot.screenshot("dead-letters");
            robot.click("deadletters.redrive");
            Label status = robot.find("deadletters.status", Label.class);
            robot.waitFor("the job sent back", Duration.ofSeconds(30),
                    () -> status.getText().startsWith("1 sent back to the jobs queue") ? status.getText() : null);
            Shell dialog = robot.find("deadletters.shell", Shell.class);
            robot.onUi(dialog::close);
            robot.waitFor("the job to run again", Duration.ofSeconds(90), () -> {
                try {
                    return clients.objectStore().exists("results/deadletter/coins.png") ? "done" : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
        }
    }

    /**
     * The Connection dialog checks what its form says and names what is missing; Save keeps the
     * connection for the workspace with the secret key and the macro key in secure storage, not in the settings file;
     * "Use the start configuration" goes back.
     */
    @Test
    void theConnectionDialogNamesWhatIsMissingAndKeepsTheSecretInSecureStorage() throws Exception {
        CloudConfig local = CloudConfig.read(SERVERS.services().configFile());
        WorkbenchRobot robot = new WorkbenchRobot();
        robot.clickAndContinue("monitor.connection");
        Table findings = robot.find("connection.findings", Table.class);
        Label status = robot.find("connection.status", Label.class);
        robot.waitFor("the first check", Duration.ofSeconds(30),
                () -> status.getText().equals("Everything Tessera needs is there.") ? "ok" : null);
        assertEquals(local.secretKey(), robot.read(robot.find("connection.secretKey", Text.class)::getText));
        assertEquals(local.macroKey(), robot.read(robot.find("connection.macroKey", Text.class)::getText));

        Text bucket = robot.find("connection.bucket", Text.class);
        robot.onUi(() -> bucket.setText("no-such-bucket"));
        robot.click("connection.test");
        String problem = robot.waitFor("the missing bucket named", Duration.ofSeconds(30), () -> {
            for (TableItem item : findings.getItems()) {
                if (item.getText().startsWith("✗ bucket no-such-bucket does not exist")) {
                    return item.getText();
                }
            }
            return null;
        });
        assertTrue(problem.contains("create it, or set bucket= in the configuration"), problem);
        robot.screenshot("connection-problem");

        robot.onUi(() -> bucket.setText(local.bucket()));
        robot.click("connection.save");
        robot.waitFor("the connection saved", Duration.ofSeconds(30), () -> status.getText().equals(
                "Saved for this workspace. Everything Tessera needs is there.") ? "saved" : null);
        Path settingsDir = Path.of(org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getLocation()
                .toOSString(), ".metadata", ".plugins", "tessera.ui");
        String saved = Files.readString(settingsDir.resolve("connection.properties"));
        assertTrue(saved.contains("access.key=" + local.accessKey()), saved);
        assertTrue(!saved.contains(local.secretKey()), "no secret key in the settings file:\n" + saved);
        assertTrue(!saved.contains(local.macroKey()), "no macro key in the settings file:\n" + saved);
        String secure = new String(Files.readAllBytes(settingsDir.resolve("secure_storage")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!secure.contains(local.secretKey()) && !secure.contains(local.macroKey()),
                "the keys are stored encrypted");
        Label source = robot.find("connection.source", Label.class);
        assertTrue(robot.read(source::getText).contains("saved in this workspace"), robot.read(source::getText));
        robot.screenshot("connection");

        robot.click("connection.forget");
        robot.waitFor("the start configuration again", Duration.ofSeconds(30),
                () -> source.getText().contains("as the workbench was started")
                        && status.getText().equals("Everything Tessera needs is there.") ? "back" : null);
        assertTrue(!Files.exists(settingsDir.resolve("connection.properties")));
        Shell dialog = robot.find("connection.shell", Shell.class);
        robot.onUi(dialog::close);
    }
}
