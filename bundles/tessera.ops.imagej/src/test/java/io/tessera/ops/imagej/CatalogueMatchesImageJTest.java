package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ImageProcessor;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation of the catalogue, on a real image of every pixel type: where the operation
 * accepts the type, its pixels equal ImageJ's; where it does not, it is refused with a reason.
 */
class CatalogueMatchesImageJTest {
    static final OperationCatalog CATALOG = OperationCatalog.fromServiceLoader(
            CatalogueMatchesImageJTest.class.getClassLoader());

    static Stream<Arguments> cases() {
        return ImageJReference.CATALOGUE.entrySet().stream().flatMap(step -> Stream.of(PixelType.values())
                .map(type -> Arguments.of(step.getKey(), type, step.getValue())));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void operationEqualsImageJOrRefusesTheType(String text, PixelType type, UnaryOperator<ImageProcessor> imagej) {
        PipelineStep step = PipelineStep.parse(text);
        Operation op = CATALOG.require(step.op());
        ImageProcessor input = Samples.forStep(text, type);
        if (!op.info().accepts().contains(type)) {
            var refusal = assertThrows(InvalidPipelineException.class, () -> CATALOG.apply(input, List.of(step)));
            assertTrue(refusal.getMessage().startsWith(op.id() + " does not work on " + type.label() + " images"),
                    refusal.getMessage());
            return;
        }
        ImageProcessor expected = imagej.apply(input.duplicate());
        ImageProcessor actual = CATALOG.apply(input, List.of(step));
        assertEquals(op.produces(type, CATALOG.bind(step)), PixelType.of(actual), "declared result type");
        PixelAssertions.assertPixelsEqual(expected, actual, text + " on " + type.label());
    }

    /**
     * Operations whose ImageJ class takes its settings only from its dialog, which cannot open in
     * this headless JVM: ImageJCommandsTest checks them against the command itself, fed its macro
     * options (ImageJ patched to run headless).
     */
    private static final Set<String> CHECKED_AGAINST_THE_COMMAND_ONLY = Set.of("fft-bandpass");

    @Test
    void everyRegisteredOperationHasAReferenceCase() {
        // (code is its own reference: the macro operation is checked by ImageJMacroOperationTest)
        Set<String> registered = CATALOG.operations().stream().filter(op -> !(op instanceof io.tessera.core.op.CodeOperation))
                .map(Operation::id).filter(id -> !CHECKED_AGAINST_THE_COMMAND_ONLY.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> referenced = ImageJReference.CATALOGUE.keySet().stream().map(s -> PipelineStep.parse(s).op())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, referenced);
    }

    @Test
    void binaryOperationsRefuseAGrayImageWithAHint() {
        var e = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.apply(Samples.of(PixelType.GRAY8), List.of(PipelineStep.parse("binary-erode"))));
        assertEquals("binary-erode needs a binary image (only 0 and 255); make one with auto-threshold first",
                e.getMessage());
    }

    @Test
    void aCropOutsideTheImageNamesItsSize() {
        var e = assertThrows(InvalidPipelineException.class, () -> CATALOG.apply(Samples.of(PixelType.GRAY8),
                List.of(PipelineStep.parse("crop:x=600,y=10,width=50,height=50"))));
        assertEquals("crop: the rectangle at (600, 10) of 50×50 lies outside the 512×512 image", e.getMessage());
    }

    @Test
    void ranksAndFactorsAreCheckedBeforeAnyPixel() {
        var threshold = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.validate(List.of(PipelineStep.parse("threshold:lower=200,upper=100.5"))));
        assertEquals("threshold: lower=200 must not be above upper=100.5", threshold.getMessage());
        var scale = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.validate(List.of(PipelineStep.parse("scale:factor=2,y-factor=0.001"))));
        assertEquals("scale: y-factor=0.001 must be 0 (same as factor) or at least 0.01", scale.getMessage());
    }

    @Test
    void aKernelThatIsNotSquareOrOddIsRefusedBeforeAnyPixel() {
        var e = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.validate(List.of(PipelineStep.parse("convolve:kernel=1 1 1 1"))));
        assertEquals("convolve: kernel: 4 numbers do not make a square kernel of odd width (9 for 3×3, 25 for 5×5,"
                + " 49 for 7×7, …)", e.getMessage());
        var notNumber = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.validate(List.of(PipelineStep.parse("convolve:kernel=1 1 1 1 x 1 1 1 1"))));
        assertEquals("convolve: kernel: \"x\" is not a number", notNumber.getMessage());
    }

    @Test
    void imageJsNamesForBinaryCommandsAreAliases() {
        assertEquals("binary-fill-holes", CATALOG.canonical(List.of(PipelineStep.parse("fill-holes"))).get(0).op());
        assertEquals("canvas-size", CATALOG.canonical(List.of(PipelineStep.parse("pad:width=10"))).get(0).op());
    }

    @Test
    void crossParameterChecksComeBeforeAnyPixel() {
        var e = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.validate(List.of(PipelineStep.parse("brightness-contrast:min=200,max=100"))));
        assertEquals("brightness-contrast: min=200 must be below max=100", e.getMessage());
    }
}
