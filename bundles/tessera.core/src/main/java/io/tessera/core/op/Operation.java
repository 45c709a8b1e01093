package io.tessera.core.op;

import ij.process.ImageProcessor;

/**
 * An image operation: the unit a plugin developer adds. Implementations are stateless and are
 * registered twice over, as an OSGi service for the workbench and in
 * {@code META-INF/services/io.tessera.core.op.Operation} for the cluster's plain class path.
 */
public interface Operation {
    /** {@link #halo} of an operation whose every output pixel may depend on the whole image. */
    int WHOLE_IMAGE = -1;

    OperationInfo info();

    /** Shorthand for {@code info().id()}. */
    default String id() {
        return info().id();
    }

    /**
     * Other ids this operation answers to wherever ids are accepted — ImageJ's own name for it,
     * say ({@code minimum} for {@code erode}). Jobs and provenance carry {@link #id()}.
     */
    default java.util.List<String> aliases() {
        return java.util.List.of();
    }

    /**
     * How many pixels of neighbourhood one output pixel reads, for these parameter values, or
     * {@link #WHOLE_IMAGE}. Strips of a large image must overlap by this much to give the same
     * result as the whole image.
     */
    int halo(ParameterValues values);

    /**
     * The halo on an input of this pixel type; the same for every type unless the operation says
     * otherwise (e.g. ImageJ inverts a 32-bit image between its own minimum and maximum).
     */
    default int halo(ParameterValues values, PixelType input) {
        return halo(values);
    }

    /**
     * Checks what single parameters cannot say alone (e.g. a minimum below a maximum).
     *
     * @throws InvalidPipelineException with a message naming the parameters
     */
    default void check(ParameterValues values) {
    }

    /**
     * Whether the operation takes masks only: 8-bit images whose pixels are 0 or 255 (what a
     * threshold makes). Other 8-bit images are refused with a hint; samples, benchmarks and the
     * tiling test give such an operation a mask.
     */
    default boolean takesMasksOnly() {
        return false;
    }

    /** The pixel type of the result for an input of {@code input} type; the same by default. */
    default PixelType produces(PixelType input, ParameterValues values) {
        return input;
    }

    /**
     * ImageJ macro code that does to ImageJ's current image what this operation does, as ImageJ's
     * macro recorder would write it ({@code run("Gaussian Blur...", "sigma=2");}), for "Export as
     * ImageJ macro"; empty when ImageJ has no command for it. The code works on every accepted
     * pixel type (it may ask {@code bitDepth()}), and may leave a new image current (Scale…
     * "create"): the result is whatever image is current at its end. Build it with
     * {@link ImageJMacro}.
     */
    default java.util.Optional<String> imagejMacro(ParameterValues values) {
        return java.util.Optional.empty();
    }

    /**
     * Applies the operation to an image of an accepted type. It may modify {@code input} in place
     * and return it, or return a new processor; the caller owns both afterwards.
     */
    ImageProcessor apply(ImageProcessor input, ParameterValues values);
}
