package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;

/** How far ImageJ's GaussianBlur reads, which decides the halo of every operation built on it. */
final class GaussianReach {
    /**
     * Above this sigma GaussianBlur blurs a downscaled copy whose grid starts at the image's
     * edge, so strips would not line up with the whole image (GaussianBlur's 2·UPSCALE_K_RADIUS + 0.5).
     */
    private static final double LARGEST_SIGMA_WITHOUT_DOWNSCALING = 4.5;

    private GaussianReach() {
    }

    /**
     * GaussianBlur's kernel has ceil(sigma·sqrt(−2 ln accuracy)) + 1 elements on each side,
     * the centre included: it reaches one pixel less than that.
     */
    static int of(double sigma, double accuracy) {
        if (sigma > LARGEST_SIGMA_WITHOUT_DOWNSCALING) {
            return Operation.WHOLE_IMAGE;
        }
        return (int) Math.ceil(sigma * Math.sqrt(-2 * Math.log(accuracy)));
    }
}
