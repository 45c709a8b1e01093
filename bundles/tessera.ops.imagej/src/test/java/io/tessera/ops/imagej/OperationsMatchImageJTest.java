package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each operation, found the way the cluster finds it, gives exactly what ImageJ's own filter
 * classes give on the same pixels, and the codec decodes exactly what ImageJ's opener decodes.
 */
class OperationsMatchImageJTest {
    private static final OperationCatalog CATALOG = OperationCatalog.fromServiceLoader(
            OperationsMatchImageJTest.class.getClassLoader());
    private static final ImageCodec CODEC = new ImageCodec(100_000_000L);

    static Stream<Arguments> cases() {
        List<String> images = List.of("camera.png", "astronaut.png", "rocket.jpg");
        List<Arguments> all = new java.util.ArrayList<>();
        for (String image : images) {
            all.add(Arguments.of(image, "gaussian-blur:sigma=2",
                    (Consumer<ImageProcessor>) ip -> new GaussianBlur().blurGaussian(ip, 2, 2, 0.002)));
            all.add(Arguments.of(image, "gaussian-blur:sigma=0.7",
                    (Consumer<ImageProcessor>) ip -> new GaussianBlur().blurGaussian(ip, 0.7, 0.7, 0.002)));
            all.add(Arguments.of(image, "erode",
                    (Consumer<ImageProcessor>) ip -> new RankFilters().rank(ip, 1, RankFilters.MIN)));
            all.add(Arguments.of(image, "dilate:radius=2.5",
                    (Consumer<ImageProcessor>) ip -> new RankFilters().rank(ip, 2.5, RankFilters.MAX)));
            all.add(Arguments.of(image, "invert", (Consumer<ImageProcessor>) ImageProcessor::invert));
            all.add(Arguments.of(image, "find-edges", (Consumer<ImageProcessor>) ImageProcessor::findEdges));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void operationEqualsImageJ(String image, String step, Consumer<ImageProcessor> imagej) throws Exception {
        Path file = SampleImages.get(image);
        ImagePlus reference = IJ.openImage(file.toString());
        assertNotNull(reference, "ImageJ cannot open " + file);
        ImagePlus decoded = CODEC.decode(Files.readAllBytes(file), image);
        assertEquals(reference.getBitDepth(), decoded.getBitDepth(), "pixel type of " + image);
        assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), "decoded " + image);

        ImageProcessor expected = reference.getProcessor().duplicate();
        imagej.accept(expected);
        ImageProcessor actual = CATALOG.apply(decoded.getProcessor(), List.of(PipelineStep.parse(step)));
        assertPixelsEqual(expected, actual, step + " on " + image);
    }

    static void assertPixelsEqual(ImageProcessor expected, ImageProcessor actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what + ": width");
        assertEquals(expected.getHeight(), actual.getHeight(), what + ": height");
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (expected.getPixel(x, y) != actual.getPixel(x, y)) {
                    assertArrayEquals(new int[] {x, y, expected.getPixel(x, y)},
                            new int[] {x, y, actual.getPixel(x, y)}, what + ": first differing pixel");
                }
            }
        }
    }
}
