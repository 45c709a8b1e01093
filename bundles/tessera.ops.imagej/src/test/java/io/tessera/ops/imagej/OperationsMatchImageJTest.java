package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ij.IJ;
import ij.ImagePlus;
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
        return Stream.of(ImageJReference.IMAGES).flatMap(image -> ImageJReference.STEPS.entrySet().stream()
                .map(step -> Arguments.of(image, step.getKey(), step.getValue())));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void operationEqualsImageJ(String image, String step, Consumer<ImageProcessor> imagej) throws Exception {
        Path file = SampleImages.get(image);
        ImagePlus reference = IJ.openImage(file.toString());
        assertNotNull(reference, "ImageJ cannot open " + file);
        ImagePlus decoded = CODEC.decode(Files.readAllBytes(file), image);
        assertEquals(reference.getBitDepth(), decoded.getBitDepth(), "pixel type of " + image);
        PixelAssertions.assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), "decoded " + image);

        ImageProcessor expected = reference.getProcessor().duplicate();
        imagej.accept(expected);
        ImageProcessor actual = CATALOG.apply(decoded.getProcessor(), List.of(PipelineStep.parse(step)));
        PixelAssertions.assertPixelsEqual(expected, actual, step + " on " + image);
    }
}
