package io.tessera.ops.imagej;

import ij.plugin.filter.BackgroundSubtracter;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.plugin.filter.UnsharpMask;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Pipeline steps in Tessera's syntax, each beside the ImageJ calls that must give the same
 * pixels: ImageJ's own classes with the settings its menu commands use, written here
 * independently of the operations under test.
 */
public final class ImageJReference {
    /** The sample images of the end-to-end test: 8-bit gray PNG, RGB PNG, RGB JPEG. */
    public static final String[] IMAGES = {"camera.png", "astronaut.png", "rocket.jpg"};

    /** The walking skeleton's five operations, run end to end through the cluster. */
    public static final Map<String, UnaryOperator<ImageProcessor>> STEPS = new LinkedHashMap<>();

    /** Every operation of the catalogue, with non-default parameters where it has any. */
    public static final Map<String, UnaryOperator<ImageProcessor>> CATALOGUE = new LinkedHashMap<>();

    static {
        STEPS.put("gaussian-blur:sigma=2", inPlace(ip -> new GaussianBlur().blurGaussian(ip, 2, 2, accuracy(ip))));
        STEPS.put("gaussian-blur:sigma=0.7", inPlace(ip -> new GaussianBlur().blurGaussian(ip, 0.7, 0.7, accuracy(ip))));
        STEPS.put("erode", rank(1, RankFilters.MIN));
        STEPS.put("dilate:radius=2.5", rank(2.5, RankFilters.MAX));
        STEPS.put("invert", inPlace(ImageProcessor::invert));
        STEPS.put("find-edges", inPlace(ImageProcessor::findEdges));

        CATALOGUE.putAll(STEPS);
        CATALOGUE.put("mean:radius=2", rank(2, RankFilters.MEAN));
        CATALOGUE.put("median:radius=1.5", rank(1.5, RankFilters.MEDIAN));
        CATALOGUE.put("variance:radius=2", ip -> {
            ImageProcessor fp = ip.convertToFloat();
            new RankFilters().rank(fp, 2, RankFilters.VARIANCE);
            return fp;
        });
        CATALOGUE.put("unsharp-mask:sigma=1.5,weight=0.7", ip -> {
            FloatProcessor fp = null;
            for (int c = 0; c < ip.getNChannels(); c++) {
                fp = ip.toFloat(c, fp);
                fp.snapshot();
                new UnsharpMask().sharpenFloat(fp, 1.5, 0.7f);
                ip.setPixels(c, fp);
            }
            return ip;
        });
        CATALOGUE.put("sharpen", inPlace(ImageProcessor::sharpen));
        CATALOGUE.put("smooth", inPlace(ImageProcessor::smooth));
        CATALOGUE.put("gamma:gamma=1.8", inPlace(ip -> ip.gamma(1.8)));
        // Process › Math: ImageJ's ImageMath calls these methods of the processor.
        CATALOGUE.put("add:value=30", inPlace(ip -> ip.add(30)));
        CATALOGUE.put("subtract:value=17.5", inPlace(ip -> ip.subtract(17.5)));
        CATALOGUE.put("multiply:value=2.5", inPlace(ip -> ip.multiply(2.5)));
        CATALOGUE.put("divide:value=4", inPlace(ip -> ip.multiply(0.25)));
        CATALOGUE.put("min:value=90", inPlace(ip -> ip.min(90)));
        CATALOGUE.put("max:value=100", inPlace(ip -> ip.max(100)));
        CATALOGUE.put("to-8-bit", ip -> {
            ip.resetMinAndMax();
            return ip.convertToByte(true);
        });
        CATALOGUE.put("to-16-bit", ip -> {
            ip.resetMinAndMax();
            return ip.convertToShort(true);
        });
        CATALOGUE.put("to-32-bit", ImageProcessor::convertToFloat);
        CATALOGUE.put("to-rgb", ip -> {
            ip.resetMinAndMax();
            return ip.convertToRGB();
        });
        CATALOGUE.put("log", inPlace(ImageProcessor::log));
        CATALOGUE.put("exp", inPlace(ImageProcessor::exp));
        CATALOGUE.put("square", inPlace(ImageProcessor::sqr));
        CATALOGUE.put("square-root", inPlace(ImageProcessor::sqrt));
        CATALOGUE.put("abs", inPlace(ImageProcessor::abs));
        CATALOGUE.put("reciprocal", inPlace(ip -> {
            float[] pixels = (float[]) ip.getPixels();
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = pixels[i] == 0 ? Float.POSITIVE_INFINITY : 1 / pixels[i];
            }
        }));
        CATALOGUE.put("brightness-contrast:min=30,max=200", inPlace(ip -> {
            ip.setMinAndMax(30, 200);
            if (ip instanceof ByteProcessor bp) {
                bp.applyLut();
            }
        }));
        CATALOGUE.put("convert-to-gray", ip -> {
            ((ColorProcessor) ip).setRGBWeights(0.299, 0.587, 0.114);
            return ip.convertToByte(false);
        });
        CATALOGUE.put("convert-to-gray:weighted=false", ip -> {
            ((ColorProcessor) ip).setRGBWeights(1d / 3, 1d / 3, 1d / 3);
            return ip.convertToByte(false);
        });
        CATALOGUE.put("auto-threshold:method=Otsu", ip -> {
            ip.setAutoThreshold(AutoThresholder.Method.Otsu, false, ImageProcessor.NO_LUT_UPDATE);
            return ip.createMask();
        });
        CATALOGUE.put("auto-threshold:method=Li,dark=true", ip -> {
            ip.setAutoThreshold("Li dark no-lut"); // the Threshold dialog's path (see the operation)
            return ip.createMask();
        });
        CATALOGUE.put("binary-erode:iterations=2", inPlace(ip -> repeat(2, () -> ((ByteProcessor) ip).erode(1, 0))));
        CATALOGUE.put("binary-dilate:count=3", inPlace(ip -> ((ByteProcessor) ip).dilate(3, 0)));
        CATALOGUE.put("binary-open:iterations=2", inPlace(ip -> {
            repeat(2, () -> ((ByteProcessor) ip).erode(1, 0));
            repeat(2, () -> ((ByteProcessor) ip).dilate(1, 0));
        }));
        CATALOGUE.put("binary-erode:black=false,count=2", inPlace(ip -> ((ByteProcessor) ip).erode(2, 255)));
        CATALOGUE.put("binary-close", inPlace(ip -> {
            ((ByteProcessor) ip).dilate(1, 0);
            ((ByteProcessor) ip).erode(1, 0);
        }));
        CATALOGUE.put("subtract-background:radius=25", inPlace(
                ip -> rollingBall(ip, 25, false, false, false, true)));
        CATALOGUE.put("subtract-background:radius=40,light=true", inPlace(
                ip -> rollingBall(ip, 40, false, true, false, true)));
        CATALOGUE.put("subtract-background:radius=30,paraboloid=true,smoothing=false", inPlace(
                ip -> rollingBall(ip, 30, false, false, true, false)));
        CATALOGUE.put("subtract-background:radius=20,background=true", inPlace(
                ip -> rollingBall(ip, 20, true, false, false, true)));
        CATALOGUE.put("subtract-background:radius=25,separate=true", inPlace(
                ip -> new BackgroundSubtracter().rollingBallBackground(ip, 25, false, false, false, true, true)));
        CATALOGUE.put("scale:factor=0.37", ip -> {
            ip.setInterpolationMethod(ImageProcessor.BILINEAR);
            return ip.resize((int) Math.round(ip.getWidth() * 0.37), (int) Math.round(ip.getHeight() * 0.37), true);
        });
        CATALOGUE.put("scale:factor=2.5,interpolation=bicubic,average=false", ip -> {
            ip.setInterpolationMethod(ImageProcessor.BICUBIC);
            return ip.resize((int) Math.round(ip.getWidth() * 2.5), (int) Math.round(ip.getHeight() * 2.5), false);
        });
        CATALOGUE.put("rotate", ImageProcessor::rotateRight);
        CATALOGUE.put("rotate:angle=270", ImageProcessor::rotateLeft);
        CATALOGUE.put("rotate:angle=180", inPlace(ip -> ip.rotate(180)));
        CATALOGUE.put("flip", inPlace(ImageProcessor::flipHorizontal));
        CATALOGUE.put("flip:direction=vertical", inPlace(ImageProcessor::flipVertical));
        // Process › Enhance Contrast, Noise, Filters › Top Hat: ImageJ's plugin classes.
        CATALOGUE.put("enhance-contrast:saturated=1", inPlace(ip -> {
            ij.plugin.ContrastEnhancer enhancer = new ij.plugin.ContrastEnhancer();
            enhancer.setNormalize(!(ip instanceof ColorProcessor)); // the command has no Normalize for RGB
            enhancer.stretchHistogram(ip, 1);
        }));
        CATALOGUE.put("equalize", inPlace(ip -> new ij.plugin.ContrastEnhancer().equalize(ip)));
        CATALOGUE.put("despeckle", rank(1, RankFilters.MEDIAN));
        CATALOGUE.put("remove-outliers:radius=3,threshold=20,which=dark", inPlace(
                ip -> new RankFilters().rank(ip, 3, RankFilters.OUTLIERS, RankFilters.DARK_OUTLIERS, 20)));
        CATALOGUE.put("remove-nans:radius=2", rank(2, RankFilters.REMOVE_NAN));
        CATALOGUE.put("top-hat:radius=4,light=true", inPlace(
                ip -> new RankFilters().rank(ip, 4, RankFilters.TOP_HAT, 0, 0, true, false)));
        // Process › Binary on shapes, black background.
        CATALOGUE.put("binary-fill-holes", inPlace(ip -> {
            // the holes are the background that a flood from the image's edge does not reach
            ImageProcessor flooded = ip.duplicate();
            flooded.setColor(100);
            ij.process.FloodFiller flood = new ij.process.FloodFiller(flooded);
            for (int y = 0; y < ip.getHeight(); y++) {
                for (int x = 0; x < ip.getWidth(); x++) {
                    boolean edge = x == 0 || y == 0 || x == ip.getWidth() - 1 || y == ip.getHeight() - 1;
                    if (edge && flooded.get(x, y) == 0) {
                        flood.fill(x, y);
                    }
                }
            }
            for (int i = 0; i < ip.getPixelCount(); i++) {
                ip.set(i, flooded.get(i) == 100 ? 0 : 255);
            }
        }));
        CATALOGUE.put("binary-outline", inPlace(ip -> {
            // ImageJ's Binary plugin: the outline reads the snapshot taken before the inversion
            ip.snapshot();
            ip.setSnapshotCopyMode(true);
            ip.invert();
            ((ByteProcessor) ip).outline();
            ip.setSnapshotCopyMode(false);
            ip.invert();
        }));
        CATALOGUE.put("binary-outline:black=false", inPlace(ip -> ((ByteProcessor) ip).outline()));
        CATALOGUE.put("binary-skeletonize:black=false", inPlace(ip -> ((ByteProcessor) ip).skeletonize(0)));
        CATALOGUE.put("binary-distance-map", inPlace(ip -> new ij.plugin.filter.EDM().toEDM(ip)));
        CATALOGUE.put("binary-watershed", inPlace(ip -> new ij.plugin.filter.EDM().toWatershed(ip)));
        CATALOGUE.put("find-maxima:prominence=20", ip -> new ij.plugin.filter.MaximumFinder().findMaxima(ip, 20,
                ImageProcessor.NO_THRESHOLD, ij.plugin.filter.MaximumFinder.SINGLE_POINTS, false, false));
        // Image › Crop, Canvas Size, Rotate, Translate, Bin; a threshold set by hand.
        CATALOGUE.put("crop:x=100,y=50,width=200,height=120", ip -> {
            ip.setRoi(100, 50, 200, 120);
            return ip.crop();
        });
        CATALOGUE.put("canvas-size:width=700,height=300,position=bottom-right", ip -> {
            ImageProcessor canvas = ip.createProcessor(700, 300);
            canvas.insert(ip, 700 - ip.getWidth(), 300 - ip.getHeight());
            return canvas;
        });
        CATALOGUE.put("rotate-by-angle:angle=-30", inPlace(ip -> {
            ip.setInterpolationMethod(ImageProcessor.BILINEAR);
            ip.setBackgroundValue(0);
            ip.rotate(-30);
        }));
        CATALOGUE.put("translate:x=-7,y=12", inPlace(ip -> ip.translate(-7, 12)));
        CATALOGUE.put("bin:x=3,y=2,method=max", ip -> new ij.plugin.Binner().shrink(ip, 3, 2, ij.plugin.Binner.MAX));
        CATALOGUE.put("bin:x=2,y=2,method=sum", ip -> new ij.plugin.Binner().shrink(new ij.ImagePlus("", ip), 2, 2, 1,
                ij.plugin.Binner.SUM).getProcessor());
        CATALOGUE.put("threshold:lower=20,upper=90.5", ip -> {
            ip.setThreshold(20, 90.5, ImageProcessor.NO_LUT_UPDATE);
            return ip.createMask();
        });
        CATALOGUE.put("convolve:kernel=1 2 1 2 4 2 1 2 1", ip -> {
            // ImageJ's Convolver on each channel in float (its command converts to float), normalized
            ij.plugin.filter.Convolver convolver = new ij.plugin.filter.Convolver();
            float[] kernel = {1, 2, 1, 2, 4, 2, 1, 2, 1};
            FloatProcessor fp = null;
            for (int c = 0; c < ip.getNChannels(); c++) {
                fp = ip.toFloat(c, fp);
                fp.snapshot();
                convolver.convolveFloat(fp, kernel, 3, 3);
                ip.setPixels(c, fp);
            }
            return ip;
        });
        // Analyze: the image goes on unchanged (the tables are checked against ImageJ's in ImageJCommandsTest).
        CATALOGUE.put("measure", ip -> ip);
        CATALOGUE.put("analyze-particles:size-min=20", ip -> ip);
        CATALOGUE.put("scale:factor=0.5,y-factor=1.5", ip -> {
            ip.setInterpolationMethod(ImageProcessor.BILINEAR);
            return ip.resize((int) Math.round(ip.getWidth() * 0.5), (int) Math.round(ip.getHeight() * 1.5), true);
        });
    }

    /** The accuracy ImageJ's "Gaussian Blur..." command uses for this pixel type. */
    private static double accuracy(ImageProcessor ip) {
        return ip instanceof ByteProcessor || ip instanceof ColorProcessor ? 0.002 : 0.0002;
    }

    private static UnaryOperator<ImageProcessor> rank(double radius, int type) {
        return inPlace(ip -> new RankFilters().rank(ip, radius, type));
    }

    private static UnaryOperator<ImageProcessor> inPlace(Consumer<ImageProcessor> filter) {
        return ip -> {
            filter.accept(ip);
            return ip;
        };
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    private ImageJReference() {
    }

    /** What Subtract Background does: on RGB, the brightness, keeping the hues (its "separate" unticked). */
    private static void rollingBall(ImageProcessor ip, double radius, boolean background, boolean light,
            boolean paraboloid, boolean smoothing) {
        if (ip instanceof ij.process.ColorProcessor rgb) {
            new BackgroundSubtracter().rollingBallBrightnessBackground(rgb, radius, background, light, paraboloid,
                    smoothing, true);
        } else {
            new BackgroundSubtracter().rollingBallBackground(ip, radius, background, light, paraboloid, smoothing, true);
        }
    }
}
