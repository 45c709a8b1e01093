package io.tessera.ui.session;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.core.job.JobCodec;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline that carries an ImageJ macro on a small image in a JVM of its own, as a rank runs
 * it (the cluster's jar: its ImageJ runs headless, and every operation the ranks have). Never in the
 * workbench: there ImageJ would open a command's dialog and wait, and a macro that loops or exits
 * would take the workbench with it. A run that takes longer than {@link #LIMIT_SECONDS} is stopped.
 */
public final class MacroPreview {
    public static final int LIMIT_SECONDS = 20;

    private MacroPreview() {
    }

    /**
     * The pipeline's result on {@code image}, and the tables its steps filled.
     *
     * @throws InvalidPipelineException with the macro's (or the pipeline's) error
     * @throws IOException when the helper cannot be started or be read
     */
    public static OperationCatalog.Outcome run(ImageProcessor image, List<PipelineStep> steps) throws IOException {
        Path dir = Files.createTempDirectory("tessera-preview-");
        try {
            Path input = dir.resolve("input.tif");
            if (!IJ.saveAsTiff(new ImagePlus("preview", image), input.toString())) {
                throw new IOException("cannot write the preview's image to " + input);
            }
            Path pipeline = Files.writeString(dir.resolve("pipeline.json"), JobCodec.encodePipeline(steps));
            Path output = dir.resolve("output.tif");
            Path tables = dir.resolve("tables.json");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process helper = new ProcessBuilder(java, "-Djava.awt.headless=true", "-Xmx512m",
                    "-XX:TieredStopAtLevel=1", "-cp", LocalLayout.fromSystemProperty().clusterClassPath(),
                    "io.tessera.cluster.PreviewMain", input.toString(), pipeline.toString(), output.toString(),
                    tables.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (!helper.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    helper.destroyForcibly();
                    throw new InvalidPipelineException("the ImageJ macro ran longer than " + LIMIT_SECONDS
                            + " s on the preview, and was stopped");
                }
            } catch (InterruptedException e) {
                helper.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("the preview was interrupted");
            }
            String said = new String(helper.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (helper.exitValue() != 0) {
                throw new InvalidPipelineException(said.isEmpty() ? "the preview's helper failed (exit "
                        + helper.exitValue() + ")" : said.lines().reduce((a, b) -> b).orElse(said));
            }
            ImagePlus result = IJ.openImage(output.toString());
            if (result == null) {
                throw new IOException("cannot read the preview's result " + output);
            }
            try {
                return new OperationCatalog.Outcome(result.getProcessor(),
                        JobCodec.decodeMeasurements(Files.readString(tables)).tables());
            } catch (io.tessera.core.job.ProtocolException e) {
                throw new IOException("the preview's tables: " + e.getMessage(), e);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
