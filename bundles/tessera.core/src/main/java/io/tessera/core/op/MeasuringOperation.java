package io.tessera.core.op;

import ij.process.ImageProcessor;

/**
 * An operation that measures: it passes its image on unchanged, and its numbers go beside the
 * result as a table ({@link OperationCatalog#run}). Measuring needs the whole image unless a
 * measurement is proven equal in strips, so {@link #halo} is {@link #WHOLE_IMAGE} by default.
 */
public interface MeasuringOperation extends Operation {

    /** Measures {@code image} (which it must not change). */
    MeasurementTable measure(ImageProcessor image, ParameterValues values);

    @Override
    default int halo(ParameterValues values) {
        return WHOLE_IMAGE;
    }

    @Override
    default ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        return input;
    }
}
