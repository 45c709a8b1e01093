package io.tessera.ops.imagej;

import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pipeline steps in Tessera's syntax, each beside the ImageJ call that must give the same pixels:
 * ImageJ's own filter classes with the settings its menu commands use, written independently of
 * the operations under test.
 */
public final class ImageJReference {
    /** The sample images every operation is checked on: 8-bit gray PNG, RGB PNG, RGB JPEG. */
    public static final String[] IMAGES = {"camera.png", "astronaut.png", "rocket.jpg"};

    public static final Map<String, Consumer<ImageProcessor>> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("gaussian-blur:sigma=2", ip -> new GaussianBlur().blurGaussian(ip, 2, 2, 0.002));
        STEPS.put("gaussian-blur:sigma=0.7", ip -> new GaussianBlur().blurGaussian(ip, 0.7, 0.7, 0.002));
        STEPS.put("erode", ip -> new RankFilters().rank(ip, 1, RankFilters.MIN));
        STEPS.put("dilate:radius=2.5", ip -> new RankFilters().rank(ip, 2.5, RankFilters.MAX));
        STEPS.put("invert", ImageProcessor::invert);
        STEPS.put("find-edges", ImageProcessor::findEdges);
    }

    private ImageJReference() {
    }
}
