package io.tessera.ops.imagej;

import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks, from headers alone, that a pipeline can run on each input, before anything is uploaded;
 * and a pipeline that carries an ImageJ macro, by running it on a preview of its first input.
 */
public final class InputCheck {
    /** A preview has at most this many pixels: the macro's check costs a fraction of a second. */
    public static final long PREVIEW_PIXELS = 1_000_000;

    private InputCheck() {
    }

    /**
     * For a pipeline with an ImageJ macro: runs it here, on {@code file} scaled down to at most
     * {@value #PREVIEW_PIXELS} pixels (ImageJ's own averaging), so that a macro that does not parse
     * or fails as it runs is caught before anything is sent. (Code that needs the full size, a crop
     * at fixed coordinates say, may fail on the preview and not on the cluster: the message says
     * it was a preview.)
     *
     * @throws InvalidPipelineException naming the file and what the macro did wrong
     */
    public static void macrosRunOnAPreview(OperationCatalog catalog, List<PipelineStep> pipeline, Path file)
            throws java.io.IOException {
        if (!catalog.carriesCode(pipeline)) {
            return;
        }
        ij.process.ImageProcessor image;
        try {
            image = new ImageCodec(Long.MAX_VALUE).decode(java.nio.file.Files.readAllBytes(file),
                    file.getFileName().toString()).getProcessor();
        } catch (UnreadableImageException e) {
            return; // said about the file on its own, by the cluster
        }
        long pixels = (long) image.getWidth() * image.getHeight();
        boolean scaled = pixels > PREVIEW_PIXELS;
        if (scaled) {
            double factor = Math.sqrt((double) PREVIEW_PIXELS / pixels);
            image.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
            image = image.resize(Math.max(1, (int) (image.getWidth() * factor)),
                    Math.max(1, (int) (image.getHeight() * factor)), true);
        }
        try {
            catalog.run(image, pipeline);
        } catch (InvalidPipelineException e) {
            throw new InvalidPipelineException("checked on " + (scaled ? "a " + image.getWidth() + "×"
                    + image.getHeight() + " preview of " : "") + file.getFileName() + " before anything was sent: "
                    + e.getMessage());
        }
    }

    /** @throws InvalidPipelineException naming the first file the pipeline cannot take, and why */
    public static void pipelineFits(OperationCatalog catalog, List<PipelineStep> pipeline, List<Path> files) {
        for (Path file : files) {
            Optional<PixelType> type = ImageCodec.probe(file);
            if (type.isPresent()) {
                try {
                    catalog.validate(pipeline, type.get());
                } catch (InvalidPipelineException e) {
                    throw new InvalidPipelineException(file.getFileName() + " is " + type.get().label() + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
