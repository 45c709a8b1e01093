package io.tessera.core.op;

import ij.process.ImageProcessor;
import java.util.List;

/**
 * An image operation: the unit a plugin developer adds. Implementations are stateless and are
 * registered twice over, as an OSGi service for the workbench and in
 * {@code META-INF/services/io.tessera.core.op.Operation} for the cluster's plain class path.
 */
public interface Operation {

    /** Stable identifier used in pipelines, job messages and the CLI, e.g. {@code gaussian-blur}. */
    String id();

    String label();

    /** One line saying what the operation does. */
    String description();

    List<Parameter> parameters();

    /**
     * How many pixels of neighbourhood one output pixel reads, for these parameter values. Strips
     * of a large image must overlap by this much to give the same result as the whole image.
     */
    int halo(ParameterValues values);

    /**
     * Applies the operation. It may modify {@code input} in place and return it, or return a new
     * processor; the caller owns both afterwards.
     */
    ImageProcessor apply(ImageProcessor input, ParameterValues values);
}
