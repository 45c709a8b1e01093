package io.tessera.ops.imagej;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.function.Consumer;

/**
 * What ImageJ's PlugInFilterRunner does for filters flagged CONVERT_TO_FLOAT and SNAPSHOT: each
 * channel becomes a float image with a snapshot, is filtered, and is written back with rounding
 * and clamping. Doing the same here is what makes results equal to ImageJ's command.
 */
final class FloatChannels {
    private FloatChannels() {
    }

    static ImageProcessor filter(ImageProcessor ip, Consumer<FloatProcessor> filter) {
        FloatProcessor fp = null;
        for (int channel = 0; channel < ip.getNChannels(); channel++) {
            fp = ip.toFloat(channel, fp);
            fp.snapshot();
            filter.accept(fp);
            ip.setPixels(channel, fp);
        }
        return ip;
    }
}
