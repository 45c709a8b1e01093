package io.tessera.core.op;

import ij.process.ImageProcessor;

/**
 * An operation whose parameters carry code that it runs (an ImageJ macro): the code is run as the
 * cluster's user, so a job holding one runs only when it is signed with the key that clients and
 * cluster share ({@link io.tessera.core.job.JobSignature}), and an operator may refuse such jobs
 * altogether. The code may change the image and may leave tables, so it is run whole
 * ({@link #WHOLE_IMAGE}), never in strips.
 */
public interface CodeOperation extends Operation {

    /** Runs the code on {@code input}: the image it leaves, and the tables it filled (none is fine). */
    OperationCatalog.Outcome runCode(ImageProcessor input, ParameterValues values);

    @Override
    default int halo(ParameterValues values) {
        return WHOLE_IMAGE;
    }

    @Override
    default ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        return runCode(input, values).image();
    }
}
