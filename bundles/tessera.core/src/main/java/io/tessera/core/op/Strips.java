package io.tessera.core.op;

import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Filtering in horizontal strips: each strip is cut with {@code halo} extra rows above and below,
 * filtered alone, and only its own rows are kept. With a halo at least the pipeline's, the result
 * equals filtering the whole image; this is how a large image is spread over ranks. The cluster
 * filters the strips on different ranks with the same {@link #plan}, {@link #cut} and
 * {@link #keep} as {@link #apply} uses here, so both give the same pixels.
 */
public final class Strips {
    private Strips() {
    }

    /**
     * One strip: rows {@code [top, bottom)} of the image are cut and filtered; of the filtered
     * strip, rows {@code [ownTop, ownBottom)} of the image are kept.
     */
    public record Strip(int top, int bottom, int ownTop, int ownBottom) {
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

    /** The strips that cover an image of this height, each widened by {@code halo} where it can be. */
    public static List<Strip> plan(int height, int count, int halo) {
        if (halo < 0) {
            throw new IllegalArgumentException("this pipeline needs the whole image and cannot be tiled");
        }
        int[] bounds = bounds(height, count);
        List<Strip> strips = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            strips.add(new Strip(Math.max(0, bounds[i] - halo), Math.min(height, bounds[i + 1] + halo), bounds[i],
                    bounds[i + 1]));
        }
        return strips;
    }

    /** A copy of the strip's rows, halo included; {@code image} is left as it was. */
    public static ImageProcessor cut(ImageProcessor image, Strip strip) {
        image.setRoi(0, strip.top(), image.getWidth(), strip.bottom() - strip.top());
        ImageProcessor rows = image.crop();
        image.resetRoi();
        return rows;
    }

    /**
     * The result image for filtered strips like {@code firstFiltered} (whose pixel type the pipeline
     * decided), as wide and as high as the original.
     */
    public static ImageProcessor resultLike(ImageProcessor firstFiltered, int height) {
        return firstFiltered.createProcessor(firstFiltered.getWidth(), height);
    }

    /** Copies the strip's own rows from its filtered copy into {@code result}. */
    public static void keep(ImageProcessor result, ImageProcessor filtered, Strip strip) {
        if (filtered.getWidth() != result.getWidth() || filtered.getHeight() != strip.bottom() - strip.top()) {
            throw new IllegalStateException("a strip of " + result.getWidth() + "×" + (strip.bottom() - strip.top())
                    + " came back as " + filtered.getWidth() + "×" + filtered.getHeight()
                    + ": the pipeline changes the image's size and cannot be tiled");
        }
        // Row by row in one copy: the strip's own rows are contiguous in both pixel arrays.
        int width = result.getWidth();
        System.arraycopy(filtered.getPixels(), (strip.ownTop() - strip.top()) * width, result.getPixels(),
                strip.ownTop() * width, (strip.ownBottom() - strip.ownTop()) * width);
    }

    /**
     * Applies {@code filter} strip by strip. The filter must keep the width and height (operations
     * whose halo is {@link Operation#WHOLE_IMAGE} cannot be tiled).
     */
    public static ImageProcessor apply(ImageProcessor image, int count, int halo, UnaryOperator<ImageProcessor> filter) {
        ImageProcessor result = null;
        for (Strip strip : plan(image.getHeight(), count, halo)) {
            ImageProcessor filtered = filter.apply(cut(image, strip));
            if (result == null) {
                result = resultLike(filtered, image.getHeight());
            }
            keep(result, filtered, strip);
        }
        return result;
    }
}
