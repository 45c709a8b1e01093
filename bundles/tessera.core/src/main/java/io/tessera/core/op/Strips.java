package io.tessera.core.op;

import ij.process.ImageProcessor;
import java.util.function.UnaryOperator;

/**
 * Filtering in horizontal strips: each strip is cut with {@code halo} extra rows above and below,
 * filtered alone, and only its own rows are kept. With a halo at least the pipeline's, the result
 * equals filtering the whole image; this is how a large image is spread over ranks.
 */
public final class Strips {
    private Strips() {
    }

    /** Row ranges of {@code count} strips as even as possible: {@code [bounds[i], bounds[i+1])}. */
    public static int[] bounds(int height, int count) {
        int strips = Math.max(1, Math.min(count, height));
        int[] bounds = new int[strips + 1];
        for (int i = 0; i <= strips; i++) {
            bounds[i] = (int) ((long) height * i / strips);
        }
        return bounds;
    }

    /**
     * Applies {@code filter} strip by strip. The filter must keep the width and height (operations
     * whose halo is {@link Operation#WHOLE_IMAGE} cannot be tiled).
     */
    public static ImageProcessor apply(ImageProcessor image, int count, int halo, UnaryOperator<ImageProcessor> filter) {
        if (halo < 0) {
            throw new IllegalArgumentException("this pipeline needs the whole image and cannot be tiled");
        }
        int width = image.getWidth();
        int[] bounds = bounds(image.getHeight(), count);
        ImageProcessor result = null;
        for (int i = 0; i + 1 < bounds.length; i++) {
            int top = Math.max(0, bounds[i] - halo);
            int bottom = Math.min(image.getHeight(), bounds[i + 1] + halo);
            image.setRoi(0, top, width, bottom - top);
            ImageProcessor strip = filter.apply(image.crop());
            if (result == null) {
                result = strip.createProcessor(width, image.getHeight());
            }
            strip.setRoi(0, bounds[i] - top, width, bounds[i + 1] - bounds[i]);
            result.insert(strip.crop(), 0, bounds[i]);
        }
        image.resetRoi();
        return result;
    }
}
