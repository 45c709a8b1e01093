package io.tessera.cluster;

import static io.tessera.cluster.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.tessera.cli.Main;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cluster.TestCluster.Run;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.job.Provenance;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ops.imagej.ImageJReference;
import io.tessera.ops.imagej.PixelAssertions;
import io.tessera.ops.imagej.SampleImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole headless path, for real: the CLI uploads to S3Proxy, sends jobs to ElasticMQ, and an
 * {@code mpirun} cluster of 2 ranks filters them; the results must equal ImageJ applied directly.
 * One set of servers and one cluster serve every test here, as they would serve a user.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterEndToEndIT {
    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static TestCluster cluster;

    Run cli(String... args) {
        return cluster.cli(args);
    }

    @BeforeAll
    void startServersAndCluster() throws IOException {
        // An operator's JVM options, as the supervisor takes them: here a GC log per rank's JVM.
        cluster = TestCluster.start(home, 2, "--java-options", "-Xlog:gc:file=" + home.resolve("gc-%p.log"));
    }

    @Test
    void aJobsLogLineSaysWhereItsThreadsTimeWent() throws Exception {
        int mark = cluster.logMark();
        Path out = work.resolve("thread-time");
        Run run = cli("process", "--op", "gaussian-blur:sigma=2", "--out", out.toString(),
                SampleImages.get("camera.png").toString());
        assertEquals(Main.OK, run.code(), run.err());
        java.util.regex.Pattern done = java.util.regex.Pattern
                .compile("event=job-done .* ms=(\\d+) cpu-ms=(\\d+) core-wait-ms=(\\d+)");
        // The rank's output reaches the log through mpirun: it may lag the client by a moment.
        java.util.regex.Matcher line = await(() -> {
            java.util.regex.Matcher m = done.matcher(cluster.logSince(mark));
            return m.find() ? m : null;
        }, Duration.ofSeconds(10));
        long wall = Long.parseLong(line.group(1));
        long cpu = Long.parseLong(line.group(2));
        long coreWait = Long.parseLong(line.group(3));
        // On a core or waiting for one: together never more than the job took (1 ms for rounding).
        assertTrue(cpu > 0 && cpu + coreWait <= wall + 1, line.group());
    }

    /**
     * A worker's result goes up to S3 while its next job computes: in the log a job starts before
     * the one before it is done (stored and reported), and rank 0 still hears of every job.
     */
    @Test
    void aResultGoesUpWhileTheNextJobComputes() throws Exception {
        assertTrue(Files.readString(cluster.log()).contains("event=worker-ready uploads=behind"),
                "Open MPI here has MPI_THREAD_MULTIPLE, so a slot's uploads go behind its jobs");
        int mark = cluster.logMark();
        List<String> args = new ArrayList<>(List.of("process", "--op", "gaussian-blur:sigma=2", "--out",
                work.resolve("behind").toString()));
        for (String name : List.of("camera.png", "astronaut.png", "coins.png", "moon.png", "chelsea.png",
                "coffee.png")) {
            args.add(SampleImages.get(name).toString());
        }
        Run run = cli(args.toArray(String[]::new));
        assertEquals(Main.OK, run.code(), run.err());
        java.util.regex.Matcher submitted = java.util.regex.Pattern.compile("batch (batch-\\S+): 6 job").matcher(
                run.err() + run.out());
        assertTrue(submitted.find(), run.err());
        String jobLine = "event=job-(start|done) job=(" + java.util.regex.Pattern.quote(submitted.group(1)) + "-\\d+)";
        String log = await(() -> {
            String since = cluster.logSince(mark);
            return TestCluster.countBy(since, jobLine).getOrDefault("done", 0L) == 6 ? since : null;
        }, Duration.ofSeconds(10));
        // This batch's job-start and job-done lines of the one slot, in log order.
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(jobLine).matcher(log);
        List<String> running = new ArrayList<>();
        int overlaps = 0;
        while (line.find()) {
            if (line.group(1).equals("start")) {
                assertTrue(running.size() <= 1, "one job computes while one goes up, never more:\n" + log);
                overlaps += running.size();
                running.add(line.group(2));
            } else {
                assertEquals(running.get(0), line.group(2), "jobs end in the order they started:\n" + log);
                running.remove(0);
            }
        }
        assertTrue(overlaps > 0, "no job started while the one before it was still going up:\n" + log);
    }

    @Test
    void theOperatorsJavaOptionsReachEveryRank() throws IOException {
        List<Path> gcLogs;
        try (Stream<Path> files = Files.list(home)) {
            gcLogs = files.filter(f -> f.getFileName().toString().matches("gc-\\d+\\.log")).toList();
        }
        assertTrue(gcLogs.size() >= 2, "one GC log per rank (2 ranks), found " + gcLogs);
        for (Path log : gcLogs) {
            assertTrue(Files.readString(log).contains("Using G1"), log + ": " + Files.readString(log));
        }
    }

    @AfterAll
    void stopEverything() throws IOException {
        cluster.close();
    }

    @Test
    void everyOperationOnEverySampleEqualsImageJ() throws Exception {
        List<Path> inputs = Stream.of(ImageJReference.IMAGES).map(SampleImages::get).toList();
        for (Map.Entry<String, UnaryOperator<ImageProcessor>> step : ImageJReference.STEPS.entrySet()) {
            Path out = work.resolve(step.getKey().replace(':', '_'));
            List<String> args = new ArrayList<>(List.of("process", "--op", step.getKey(), "--out", out.toString()));
            inputs.forEach(p -> args.add(p.toString()));
            Run run = cli(args.toArray(String[]::new));
            assertEquals(Main.OK, run.code(), run.err());
            for (Path input : inputs) {
                String stem = input.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Path result = out.resolve(stem + ".png");
                assertTrue(Files.isRegularFile(result), "no result for " + input + " in " + out);
                ImagePlus reference = IJ.openImage(input.toString());
                ImageProcessor expected = step.getValue().apply(reference.getProcessor().duplicate());
                ImagePlus actual = IJ.openImage(result.toString());
                assertNotNull(actual, "ImageJ cannot open the result " + result);
                assertEquals(reference.getBitDepth(), actual.getBitDepth(), "pixel type of " + result);
                PixelAssertions.assertPixelsEqual(expected, actual.getProcessor(), step.getKey() + " on " + input);
            }
        }
    }

    /**
     * "Back to ImageJ": the macro that {@code process --print-macro} writes, run by ImageJ's own
     * macro interpreter (in a JVM of its own, as a user runs it in ImageJ: open the image, run the
     * file), gives the cluster's pixels, for two pipelines that change size and type: a particle
     * workflow on a gray photograph, and a kernel (a text parameter), geometry and contrast on a
     * colour one.
     */
    @Test
    void theExportedImageJMacroGivesTheClustersPixels() throws Exception {
        Map<String, List<String>> pipelines = new java.util.LinkedHashMap<>();
        pipelines.put("camera.png", List.of("subtract-background:radius=30", "gaussian-blur:sigma=2",
                "auto-threshold:method=Otsu,dark=true", "fill-holes", "binary-watershed", "binary-outline"));
        pipelines.put("astronaut.png", List.of("convolve:kernel=1 2 1 2 4 2 1 2 1", "scale:factor=0.5,y-factor=0.4",
                "rotate-by-angle:angle=12",
                "enhance-contrast:saturated=1", "convert-to-gray", "to-32-bit",
                "remove-outliers:radius=2,threshold=10", "to-16-bit"));
        for (Map.Entry<String, List<String>> pipeline : pipelines.entrySet()) {
            // ImageJ's Convolve runs right only with a display (./tessera test gives one), not under
            // ij1-patcher: the test is then skipped after the first pipeline, not passed.
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DISPLAY") != null
                    || pipeline.getValue().stream().noneMatch(step -> step.startsWith("convolve")),
                    "ImageJ's Convolve is compared with a display only");
            List<String> ops = new ArrayList<>();
            pipeline.getValue().forEach(step -> ops.addAll(List.of("--op", step)));
            Path input = SampleImages.get(pipeline.getKey());
            Path out = work.resolve("macro-" + pipeline.getKey());
            List<String> process = new ArrayList<>(List.of("process"));
            process.addAll(ops);
            process.addAll(List.of("--out", out.toString(), input.toString()));
            Run run = cli(process.toArray(String[]::new));
            assertEquals(Main.OK, run.code(), run.err());
            List<String> print = new ArrayList<>(List.of("process"));
            print.addAll(ops);
            print.add("--print-macro");
            Run macro = cli(print.toArray(String[]::new));
            assertEquals(Main.OK, macro.code(), macro.err());
            Path macroFile = Files.writeString(work.resolve(pipeline.getKey() + ".ijm"), macro.out());

            Path byImageJ = runInImageJ(macroFile, input, work.resolve(pipeline.getKey() + ".imagej.tif"));

            String stem = pipeline.getKey().replaceFirst("\\.[^.]+$", "");
            Path result;
            try (Stream<Path> files = Files.list(out)) {
                result = files.filter(f -> f.getFileName().toString().startsWith(stem + ".")).findFirst().orElseThrow();
            }
            ImagePlus expected = IJ.openImage(byImageJ.toString());
            ImagePlus actual = IJ.openImage(result.toString());
            assertEquals(expected.getBitDepth(), actual.getBitDepth(), "pixel type of " + result);
            PixelAssertions.assertPixelsEqual(expected.getProcessor(), actual.getProcessor(),
                    pipeline.getValue() + " on " + pipeline.getKey() + ": the cluster against ImageJ running\n"
                            + macro.out());
        }
    }

    /**
     * ImageJ running {@code macroFile} on {@code input} as a user runs it (open the image, run the
     * file), in a JVM of its own, headless; the image current at its end, as a TIFF at {@code output}.
     */
    private static Path runInImageJ(Path macroFile, Path input, Path output) throws Exception {
        Process imagej = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                unpatchedImageJClassPath(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Djava.awt.headless=true", io.tessera.ops.imagej.ImageJMacroRunner.class.getName(),
                macroFile.toString(), input.toString(), output.toString()).redirectErrorStream(true).start();
        String said = new String(imagej.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, imagej.waitFor(), "ImageJ running " + macroFile + ":\n" + said);
        return output;
    }

    /**
     * This JVM's class path without the cluster's and the CLI's classes, which carry ImageJ as
     * ij1-patcher patched it for the ranks: the reference is ImageJ as a user has it (with a
     * display, unpatched; without, patched at its start by {@link io.tessera.ops.imagej.ImageJMacroRunner}).
     */
    private static String unpatchedImageJClassPath() {
        String marker = "META-INF/tessera/imagej-patched-headless";
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> {
                    Path path = Path.of(entry);
                    if (Files.isDirectory(path)) {
                        return !Files.exists(path.resolve(marker));
                    }
                    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile())) {
                        return jar.getEntry(marker) == null;
                    } catch (java.io.IOException e) {
                        return true;
                    }
                }).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * An ImageJ macro as a step ({@code process --macro FILE}): sent signed with the
     * configuration's key, run on a rank without a display (ImageJ's commands through the classes
     * ij1-patcher patched at build time), its pixels equal to ImageJ running the same file on the
     * input, on a gray and a colour image, and the Results table it fills joined into
     * measurements.csv. A macro that fails is caught on a preview here, before anything is sent.
     */
    @Test
    void anImageJMacroRunsOnTheClusterAsInImageJ() throws Exception {
        Path macroFile = Files.writeString(work.resolve("edges.ijm"), """
                // background, blur, edges; then what the edges measure
                run("Subtract Background...", "rolling=30");
                run("Gaussian Blur...", "sigma=2");
                run("Find Edges");
                getStatistics(area, mean, min, max);
                setResult("Mean", nResults, mean);
                setResult("Max", nResults - 1, max);
                """);
        List<Path> inputs = List.of(SampleImages.get("camera.png"), SampleImages.get("astronaut.png"));
        Path out = work.resolve("by-macro");
        Run run = cli("process", "--macro", macroFile.toString(), "--out", out.toString(), inputs.get(0).toString(),
                inputs.get(1).toString());
        assertEquals(Main.OK, run.code(), run.err());
        List<String> rows = Files.readAllLines(out.resolve("measurements.csv"));
        assertEquals("image,measurement,n,Mean,Max", rows.get(0));
        assertEquals(3, rows.size(), String.join("\n", rows));
        for (int i = 0; i < inputs.size(); i++) {
            Path input = inputs.get(i);
            ImagePlus expected = IJ.openImage(runInImageJ(macroFile, input,
                    work.resolve("by-imagej-" + input.getFileName() + ".tif")).toString());
            ImagePlus actual = IJ.openImage(out.resolve(input.getFileName()).toString());
            assertEquals(expected.getBitDepth(), actual.getBitDepth(), "pixel type of the result of " + input);
            PixelAssertions.assertPixelsEqual(expected.getProcessor(), actual.getProcessor(),
                    "the macro on the cluster against ImageJ running it, on " + input);
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(List.of(input.getFileName().toString(), "imagej-macro", "1"), List.of(cells).subList(0, 3));
            assertEquals(actual.getStatistics().mean, Double.parseDouble(cells[3]), 1e-9, "the macro's Mean");
            assertEquals(actual.getStatistics().max, Double.parseDouble(cells[4]), "the macro's Max");
        }

        Path broken = Files.writeString(work.resolve("broken.ijm"), "run(\"Invert\");\nrun(\"Gaussian Blur...\" \"sigma=2\");\n");
        Run refused = cli("process", "--macro", broken.toString(), "--out", work.resolve("never").toString(),
                inputs.get(0).toString());
        assertEquals(Main.ERROR, refused.code(), refused.err());
        assertTrue(refused.err().contains("checked on camera.png before anything was sent: the ImageJ macro failed: "),
                refused.err());
        assertTrue(refused.err().contains("failed: ',' or ')'  expected (line 2)"), refused.err());
        assertFalse(refused.err().contains("uploaded"), refused.err());
        assertFalse(Files.exists(work.resolve("never")), "--out made for a batch never sent");
    }

    /**
     * Measurements: a particle workflow on coins.png and camera.png gives one CSV in --out with a
     * row per particle, and its counts and areas are ImageJ's own particle analyzer's on the masks
     * the cluster wrote beside it; Measure gives a row per image whose mean and max are ImageJ's
     * statistics of the input. A measurements.csv of the user's in --out is kept.
     */
    @Test
    void measurementsOfABatchAreJoinedIntoOneCsv() throws Exception {
        Path out = work.resolve("particles");
        List<Path> inputs = List.of(SampleImages.get("coins.png"), SampleImages.get("camera.png"));
        Run run = cli("process", "--op", "gaussian-blur:sigma=1", "--op", "auto-threshold:method=Otsu,dark=true",
                "--op", "fill-holes", "--op", "analyze-particles:size-min=100,exclude=true", "--out", out.toString(),
                inputs.get(0).toString(), inputs.get(1).toString());
        assertEquals(Main.OK, run.code(), run.err());
        List<String> lines = Files.readAllLines(out.resolve("measurements.csv"));
        assertTrue(lines.get(0).startsWith("image,measurement,n,Area,X,Y,Perim.,BX,BY,Width,Height,Circ.,Feret,"),
                lines.get(0));
        int area = List.of(lines.get(0).split(",")).indexOf("Area");
        int row = 1;
        for (Path input : inputs) {
            ImagePlus mask = IJ.openImage(out.resolve(input.getFileName()).toString());
            mask.getProcessor().setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
            ij.measure.ResultsTable imagej = new ij.measure.ResultsTable();
            new ij.plugin.filter.ParticleAnalyzer(ij.plugin.filter.ParticleAnalyzer.EXCLUDE_EDGE_PARTICLES,
                    ij.measure.Measurements.AREA, imagej, 100, Double.POSITIVE_INFINITY, 0, 1)
                    .analyze(mask, mask.getProcessor());
            assertTrue(imagej.size() > (input.getFileName().toString().equals("coins.png") ? 10 : 0),
                    imagej.size() + " particles in " + input);
            for (int particle = 0; particle < imagej.size(); particle++, row++) {
                String[] cells = lines.get(row).split(",");
                assertEquals(input.getFileName().toString(), cells[0], "row " + row);
                assertEquals("analyze-particles", cells[1]);
                assertEquals(particle + 1, Integer.parseInt(cells[2]));
                assertEquals(imagej.getValue("Area", particle), Double.parseDouble(cells[area]), "area of " + cells[0]
                        + " particle " + cells[2]);
            }
        }
        assertEquals(row, lines.size(), "one row per particle, no more:\n" + String.join("\n", lines));
        assertTrue(run.err().contains("tessera: measurements of 2 image(s), " + (row - 1) + " row(s): "
                + out.resolve("measurements.csv")), run.err());

        Path mine = work.resolve("measured");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("measurements.csv"), "my own notes\n");
        Run measure = cli("process", "--op", "measure", "--out", mine.toString(), inputs.get(1).toString(),
                SampleImages.get("astronaut.png").toString());
        assertEquals(Main.OK, measure.code(), measure.err());
        assertEquals("my own notes\n", Files.readString(mine.resolve("measurements.csv")), "the user's file kept");
        assertTrue(measure.err().contains("tessera: kept " + mine.resolve("measurements.csv")), measure.err());
        List<String> measured = Files.readAllLines(mine.resolve("measurements-result.csv"));
        assertEquals(3, measured.size(), String.join("\n", measured));
        List<String> header = List.of(measured.get(0).split(","));
        assertEquals(List.of("image", "measurement", "n", "Area", "Mean", "StdDev", "Mode", "Min", "Max", "IntDen",
                "Median", "Skew", "Kurt", "RawIntDen"), header);
        ij.process.ImageStatistics camera = IJ.openImage(inputs.get(1).toString()).getProcessor().getStats();
        String[] cameraRow = measured.get(1).split(",");
        assertEquals("camera.png", cameraRow[0]);
        assertEquals(camera.mean, Double.parseDouble(cameraRow[header.indexOf("Mean")]), 1e-9);
        assertEquals(camera.max, Double.parseDouble(cameraRow[header.indexOf("Max")]));
        assertEquals("astronaut.png", measured.get(2).split(",")[0]);
    }

    /**
     * A batch left running: the client gets SIGTERM (the JVM stops as on Ctrl+C, through its
     * shutdown hooks) after its first result, says how to fetch the rest, and leaves the batch's
     * record and events queue. {@code fetch --no-wait} takes what is done and leaves the rest;
     * {@code fetch} waits for it. Every input has its result once, equal to the pipeline's, and
     * nothing of the batch is left behind.
     */
    @Test
    void aBatchLeftRunningIsFetchedLater() throws Exception {
        Path dir = Files.createDirectories(work.resolve("in-left"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            names.add("left-" + i + ".png");
            Files.copy(SampleImages.get("coins.png"), dir.resolve(names.get(i)));
        }
        Path out = work.resolve("out-left");
        // A client of its own, started as the launcher starts it, so that it can be stopped by a signal.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "-Dtessera.repo=" + System.getProperty("tessera.repo"), Main.class.getName(), "process",
                "--op", "hold:ms=2500", "--op", "invert", "--out", out.toString()));
        names.forEach(name -> command.add(dir.resolve(name).toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TESSERA_HOME", home.toString());
        builder.environment().put("TESSERA_CONFIG", cluster.services.configFile().toString());
        Process client = builder.redirectError(work.resolve("left.err").toFile()).start();
        java.io.BufferedReader results = new java.io.BufferedReader(new java.io.InputStreamReader(
                client.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String firstResult = results.readLine();
        assertNotNull(firstResult, Files.readString(work.resolve("left.err")));
        client.destroy(); // SIGTERM
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        String said = Files.readString(work.resolve("left.err"));
        System.out.println(firstResult + "\n" + said);
        java.util.regex.Matcher left = java.util.regex.Pattern.compile(
                "stopped following; batch (\\S+) runs on\\. Its results, when you want them: \\./tessera fetch (\\S+)")
                .matcher(said);
        assertTrue(left.find(), said);
        String batch = left.group(1);
        assertEquals(batch, left.group(2));
        Path record = home.resolve("batches/" + batch + ".json");
        assertTrue(Files.isRegularFile(record), "the record fetch reads");
        String eventsQueue = new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.toFile())
                .get("eventsQueue").asText();

        Run listed = cli("fetch");
        assertTrue(listed.out().startsWith(batch + "  "), listed.out());
        Run noWait = cli("fetch", batch, "--no-wait");
        assertEquals(Main.JOB_FAILED, noWait.code(), "jobs still running: " + noWait.err());
        assertTrue(noWait.err().contains("not finished yet: ./tessera fetch " + batch + " again later"), noWait.err());
        assertTrue(Files.isRegularFile(record), "the record stays while jobs run");
        Run rest = cli("fetch", batch);
        assertEquals(Main.OK, rest.code(), rest.err());

        // Each result fetched once across the three clients: the first by the client that was stopped.
        List<String> fetched = new ArrayList<>(List.of(firstResult));
        for (String printed : List.of(noWait.out(), rest.out())) {
            printed.lines().filter(line -> line.contains(" -> ")).forEach(fetched::add);
        }
        assertEquals(new TreeSet<>(names), new TreeSet<>(fetched.stream()
                .map(line -> Path.of(line.substring(0, line.indexOf(" -> "))).getFileName().toString()).toList()));
        assertEquals(names.size(), fetched.size(), "each result fetched once: " + fetched);
        ImageProcessor expected = IJ.openImage(SampleImages.get("coins.png").toString()).getProcessor();
        expected.invert();
        for (String name : names) {
            PixelAssertions.assertPixelsEqual(expected, IJ.openImage(out.resolve(name).toString()).getProcessor(), name);
        }
        assertTrue(!Files.exists(record), "the record is gone once every result is fetched");
        Run again = cli("fetch", batch);
        assertEquals(Main.ERROR, again.code());
        assertTrue(again.err().contains("no batch " + batch + " submitted from here is waiting to be fetched"),
                again.err());
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            IOException gone = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> clients.queue(eventsQueue));
            assertTrue(gone.getMessage().contains("does not exist"), gone.getMessage());
        }
    }

    /** Every result says what made it, and that record makes the same result again. */
    @Test
    void provenanceRecordsThePipelineAndReRunsIt() throws Exception {
        Path input = SampleImages.get("coins.png");
        Path first = work.resolve("provenance-1");
        Run run = cli("process", "--op", "median:radius=2", "--op", "invert", "--provenance", "--out", first.toString(),
                input.toString());
        assertEquals(Main.OK, run.code(), run.err());
        Path record = first.resolve("coins.png.provenance.json");
        Provenance provenance = JobCodec.decodeProvenance(Files.readString(record));
        assertEquals(Provenance.sha256(Files.readAllBytes(input)), provenance.inputSha256());
        assertEquals("[median:radius=2, invert]", provenance.pipeline().toString());
        assertEquals(ij.IJ.getVersion(), provenance.imagej());
        assertEquals(Provenance.tesseraVersion(), provenance.tessera());
        // In the bucket the record is on the result (stored and fetched with it), not an object of its own.
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            assertEquals(Files.readString(record), new String(Provenance.fromMetadata(clients.objectStore()
                    .metadata(provenance.outputKey()).orElseThrow()).orElseThrow(), StandardCharsets.UTF_8));
            assertFalse(clients.objectStore().exists(provenance.outputKey() + Provenance.SUFFIX));
        }

        Path again = work.resolve("provenance-2");
        Run rerun = cli("process", "--pipeline", record.toString(), "--out", again.toString(), input.toString());
        assertEquals(Main.OK, rerun.code(), rerun.err());
        assertTrue(Arrays.equals(Files.readAllBytes(first.resolve("coins.png")),
                Files.readAllBytes(again.resolve("coins.png"))), "the re-run gives the same bytes");
    }

    /**
     * {@code --out} at the inputs' own folder: the originals stay byte for byte, the results go
     * beside them, and the run says which files it kept. A file the user made there is kept too,
     * unless {@code --overwrite}; running again refreshes Tessera's own results and nothing else.
     */
    @Test
    void resultsNeverReplaceTheInputsNorTheUsersFiles() throws Exception {
        Path pictures = Files.createDirectories(work.resolve("pictures"));
        Path camera = Files.copy(SampleImages.get("camera.png"), pictures.resolve("camera.png"));
        Path coins = Files.copy(SampleImages.get("coins.png"), pictures.resolve("coins.png"));
        Path usersOwn = Files.writeString(pictures.resolve("coins-result.png"), "the user's own file");
        byte[] cameraBefore = Files.readAllBytes(camera);
        byte[] coinsBefore = Files.readAllBytes(coins);

        Run run = cli("process", "--op", "invert", "--provenance", "--out", pictures.toString(), camera.toString(),
                coins.toString());
        assertEquals(Main.OK, run.code(), run.err());
        assertTrue(Arrays.equals(cameraBefore, Files.readAllBytes(camera)), "camera.png is the original still");
        assertTrue(Arrays.equals(coinsBefore, Files.readAllBytes(coins)), "coins.png is the original still");
        assertEquals("the user's own file", Files.readString(usersOwn));
        assertTrue(run.err().contains("kept " + camera), run.err());
        assertTrue(run.err().contains("kept " + usersOwn), run.err());
        ImageProcessor expected = IJ.openImage(camera.toString()).getProcessor();
        expected.invert();
        PixelAssertions.assertPixelsEqual(expected,
                IJ.openImage(pictures.resolve("camera-result.png").toString()).getProcessor(), "camera, inverted");
        assertTrue(Files.exists(pictures.resolve("camera-result.png.provenance.json")));
        assertTrue(Files.exists(pictures.resolve("coins-result-2.png")), "beside both files it kept");

        Run again = cli("process", "--op", "invert", "--out", pictures.toString(), camera.toString());
        assertEquals(Main.OK, again.code(), again.err());
        assertTrue(again.out().contains("-> " + pictures.resolve("camera-result.png")),
                "its own earlier result refreshed, not a third file: " + again.out());

        Run overwriting = cli("process", "--op", "invert", "--overwrite", "--out", pictures.toString(),
                coins.toString());
        assertEquals(Main.OK, overwriting.code(), overwriting.err());
        assertTrue(Arrays.equals(coinsBefore, Files.readAllBytes(coins)), "an input, even with --overwrite");
        assertTrue(IJ.openImage(usersOwn.toString()) != null, "--overwrite replaced the user's file as asked");
    }

    /**
     * Cancel holds for jobs the cluster already holds. Seven jobs that keep the only worker busy
     * 5 s each: rank 0 fetches them all (one runs, one waits on the worker, five wait at rank 0,
     * whose buffer of ten is refilled whenever half of it is free). Cancelling every job but the
     * running one: the one queued on the worker is answered CANCELLED by the worker, the five by
     * rank 0 at hand-over, none runs, and the running one ends DONE. A cancelled job is a state of
     * its own, counted apart from failures.
     */
    @Test
    void cancelHoldsForJobsTheClusterHasAlreadyFetched() throws Exception {
        try (CloudClients clients = new CloudClients(CloudConfig.read(cluster.services.configFile()))) {
            String events = "tessera-events-cancel";
            clients.createQueue(events);
            BatchClient client = new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events,
                    OperationCatalog.fromServiceLoader(getClass().getClassLoader()));
            Path dir = Files.createDirectories(work.resolve("in-cancel"));
            List<Path> inputs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                inputs.add(Files.copy(SampleImages.get("coins.png"), dir.resolve("cancel-" + i + ".png")));
            }
            int mark = cluster.logMark();
            List<JobSpec> jobs = client.submit(BatchClient.newBatchName(), inputs,
                    List.of(PipelineStep.parse("hold:ms=5000")));
            String queued = await(() -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "event=job-dispatched job=(\\S+) worker=1 queued=true").matcher(cluster.logSince(mark));
                var depth = clients.jobs().depth();
                return m.find() && depth.waiting() == 0 && depth.inFlight() == jobs.size() ? m.group(1) : null;
            }, Duration.ofSeconds(60));
            String dispatched = cluster.logSince(mark);
            java.util.regex.Matcher first = java.util.regex.Pattern.compile(
                    "event=job-dispatched job=(\\S+) worker=1\n").matcher(dispatched);
            assertTrue(first.find(), "a job was given to the worker to run now:\n" + dispatched);
            String running = first.group(1);
            for (JobSpec job : jobs) {
                if (!job.jobId().equals(running)) {
                    clients.objectStore().put(JobCodec.cancelKey(job.batch(), job.jobId()), new byte[0], "text/plain");
                }
            }

            Map<String, JobState> finals = new java.util.TreeMap<>();
            client.follow(jobs, Duration.ofMinutes(2), event -> {
                if (event.state().isFinal()) {
                    finals.put(event.jobId(), event.state());
                }
            });
            Map<String, JobState> expected = new java.util.TreeMap<>();
            jobs.forEach(job -> expected.put(job.jobId(), job.jobId().equals(running) ? JobState.DONE
                    : JobState.CANCELLED));
            assertEquals(expected, finals);
            // Rank 0 logs a job it answered (all but the running one and the one the worker answered)
            // once its client was told: a moment after the client heard.
            String log = await(() -> TestCluster.countBy(cluster.logSince(mark), "rank=0 event=job-cancelled job=(\\S+)")
                    .size() == jobs.size() - 2 ? cluster.logSince(mark) : null, Duration.ofSeconds(60));
            assertEquals(Set.of(running), TestCluster.countBy(log, "event=job-(?:done|reused) job=(\\S+)").keySet(),
                    "only the running job ran:\n" + log);
            assertTrue(log.contains("rank=1 event=job-cancelled job=" + queued), "the worker did not start the job"
                    + " queued on it:\n" + log);
            clients.deleteQueue(events);
        }
    }

    /** ImageJ's names for the rank filters work as ids; the job and its provenance carry Tessera's id. */
    @Test
    void imageJsNamesMinimumAndMaximumAreAliasesOfErodeAndDilate() throws Exception {
        Path input = SampleImages.get("coins.png");
        Path out = work.resolve("aliases");
        Run run = cli("process", "--op", "minimum:radius=2", "--op", "maximum:radius=2", "--provenance", "--out",
                out.toString(), input.toString());
        assertEquals(Main.OK, run.code(), run.err());
        Provenance provenance = JobCodec.decodeProvenance(Files.readString(out.resolve("coins.png.provenance.json")));
        assertEquals(List.of("erode", "dilate"), provenance.pipeline().stream().map(PipelineStep::op).toList());
        ImageProcessor expected = IJ.openImage(input.toString()).getProcessor();
        new ij.plugin.filter.RankFilters().rank(expected, 2, ij.plugin.filter.RankFilters.MIN);
        new ij.plugin.filter.RankFilters().rank(expected, 2, ij.plugin.filter.RankFilters.MAX);
        PixelAssertions.assertPixelsEqual(expected, IJ.openImage(out.resolve("coins.png").toString()).getProcessor(),
                "ImageJ's Minimum then Maximum, radius 2");
    }

    /**
     * The local S3 and SQS servers take any request that carries the generated keys: they listen
     * on loopback only, and their data, the logs and the cluster's state are the owner's alone. The
     * one listener off loopback is Open MPI's own: mpirun's bootstrap channel binds every address
     * in Open MPI 4.1 whatever {@code oob_tcp_if_include} says (README says so); no rank and no
     * server may.
     */
    @Test
    void theLocalServersListenOnLoopbackOnlyAndKeepTheirDataOwnerOnly() throws Exception {
        Map<String, ProcessHandle> processes = cluster.services.processes();
        assertEquals(Set.of("s3", "sqs", "cluster"), processes.keySet());
        for (Map.Entry<String, ProcessHandle> service : processes.entrySet()) {
            List<Listeners.Listener> listeners = Listeners.of(service.getValue());
            System.out.println(service.getKey() + " listens on " + listeners);
            if (!service.getKey().equals("cluster")) {
                assertTrue(!listeners.isEmpty(), service.getKey() + " listens somewhere");
            }
            for (Listeners.Listener listener : listeners) {
                assertTrue(listener.loopback() || listener.command().endsWith("/mpirun")
                        || listener.command().endsWith("/orterun"), service.getKey() + ": " + listener);
            }
        }
        Path local = home.resolve("local");
        for (Path dir : List.of(local, local.resolve("s3"), local.resolve("sqs"), local.resolve("logs"),
                local.resolve("cluster-state"))) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)), dir.toString());
        }
    }

    /** A third-party operation runs on the cluster from its own jar, with no change to Tessera's. */
    @Test
    void thePluginExampleRunsOnTheCluster() throws Exception {
        Path out = work.resolve("posterized");
        Run run = cli("process", "--op", "posterize:levels=3", "--out", out.toString(),
                SampleImages.get("astronaut.png").toString());
        assertEquals(Main.OK, run.code(), run.err());
        ImageProcessor result = IJ.openImage(out.resolve("astronaut.png").toString()).getProcessor();
        Set<Integer> levels = new TreeSet<>();
        for (int i = 0; i < result.getPixelCount(); i++) {
            int rgb = result.get(i);
            levels.add((rgb >> 16) & 0xff);
            levels.add((rgb >> 8) & 0xff);
            levels.add(rgb & 0xff);
        }
        assertEquals(Set.of(0, 128, 255), levels);
    }

    /**
     * Inputs are stored by content: the same file twice in a batch, and again in the next batch,
     * goes up once. A 40 MB file goes up in parts (S3Proxy assembles them) and is processed.
     */
    @Test
    void inputsAreStoredOnceByContentAndLargeFilesGoUpInParts() throws Exception {
        Random random = new Random();
        ByteProcessor noise = new ByteProcessor(300, 200);
        for (int i = 0; i < noise.getPixelCount(); i++) {
            noise.set(i, random.nextInt(256)); // content no other test uploads
        }
        Path unique = work.resolve("noise.tif");
        IJ.saveAsTiff(new ImagePlus("noise", noise), unique.toString());
        ShortProcessor wide = new ShortProcessor(5000, 4000);
        for (int i = 0; i < wide.getPixelCount(); i++) {
            wide.set(i, (i * 31 + i / 5000 * 17) & 0xffff);
        }
        Path large = work.resolve("large-16bit.tif");
        IJ.saveAsTiff(new ImagePlus("large", wide), large.toString());
        assertTrue(Files.size(large) > 2 * 16 * 1024 * 1024, "large enough for three parts");

        OperationCatalog catalog = OperationCatalog.fromServiceLoader(
                getClass().getClassLoader());
        try (CloudClients clients = new CloudClients(
                CloudConfig.read(home.resolve("local/cloud.properties")))) {
            String events = "tessera-events-uploads";
            clients.createQueue(events);
            BatchClient client = new BatchClient(clients.objectStore(),
                    clients.jobs(), clients.queue(events), events, catalog);
            List<PipelineStep> invert = List.of(PipelineStep.parse("invert"));
            List<BatchClient.Progress> first = new CopyOnWriteArrayList<>();
            List<JobSpec> jobs = new ArrayList<>(client.submit(
                    BatchClient.newBatchName(), List.of(unique, large, unique), invert,
                    (file, job) -> { }, first::add, () -> false));
            assertEquals(1, first.stream().filter(p -> p.file().equals(unique) && p.alreadyStored()).count(),
                    "the second copy in the batch was not uploaded again: " + first);
            List<BatchClient.Progress> second = new CopyOnWriteArrayList<>();
            jobs.addAll(client.submit(BatchClient.newBatchName(), List.of(unique), invert,
                    (file, job) -> { }, second::add, () -> false));
            assertTrue(second.get(0).alreadyStored(), "stored by the earlier batch");
            assertEquals(jobs.get(0).inputKey(), jobs.get(3).inputKey(), "one object for one content");
            assertTrue(Arrays.equals(Files.readAllBytes(large), clients.objectStore().get(jobs.get(1).inputKey())),
                    "the parts were put together byte for byte");

            java.util.Map<String, JobEvent> finals = new HashMap<>();
            client.follow(jobs, Duration.ofMinutes(3), event -> {
                if (event.state().isFinal()) {
                    finals.put(event.jobId(), event);
                }
            });
            finals.values().forEach(e -> assertEquals(JobState.DONE, e.state(), e.error()));
            Path out = work.resolve("uploads-out");
            Path result = client.fetch(finals.get(jobs.get(1).jobId()), out);
            ImageProcessor inverted = IJ.openImage(result.toString()).getProcessor();
            assertEquals(16, inverted.getBitDepth());
            ImageProcessor expected = wide.duplicate();
            expected.invert();
            PixelAssertions.assertPixelsEqual(expected, inverted, "the large image, inverted");
            clients.deleteQueue(events);
        }
    }
}
