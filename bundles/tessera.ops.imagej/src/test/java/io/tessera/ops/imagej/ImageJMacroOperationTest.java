package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ImageProcessor;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code imagej-macro} operation runs code through ImageJ's own interpreter: what it gives is
 * what ImageJ's commands give, its Results table is the job's table, and every way a macro can go
 * wrong becomes a message naming the cause. It runs in a JVM of its own (see the pom), with
 * ImageJ patched before any of its classes loads.
 */
class ImageJMacroOperationTest {
    static {
        // As on the cluster and the command line: ImageJ patched to run headless, display or not
        // (unpatched, with a display, a command run without its options opens its dialog and waits).
        System.setProperty("java.awt.headless", "true");
        net.imagej.patcher.LegacyInjector.preinit();
    }
    private static final OperationCatalog CATALOG = CatalogueMatchesImageJTest.CATALOG;

    private static PipelineStep macro(String code) {
        return new PipelineStep("imagej-macro", Map.of("code", code));
    }

    @Test
    void aMacrosPixelsAreImageJsCommandsPixels() {
        for (PixelType type : PixelType.values()) {
            ImageProcessor input = Samples.of(type);
            ImageProcessor byMacro = CATALOG.apply(input.duplicate(),
                    List.of(macro("run(\"Gaussian Blur...\", \"sigma=2\");\nrun(\"Invert\");")));
            ImageProcessor byOperations = CATALOG.apply(input.duplicate(),
                    List.of(PipelineStep.parse("gaussian-blur:sigma=2"), PipelineStep.parse("invert")));
            PixelAssertions.assertPixelsEqual(byOperations, byMacro, "blur and invert by macro, " + type);
        }
    }

    @Test
    void theResultsTableItFillsIsTheTableOfTheJob() {
        ImageProcessor input = Samples.of(PixelType.GRAY8);
        OperationCatalog.Outcome outcome = CATALOG.run(input.duplicate(), List.of(macro("""
                setResult("width", 0, getWidth());
                setResult("height", 0, getHeight());
                if (getTitle() == "image") setResult("titled", 0, 1);
                getStatistics(area, mean);
                setResult("width", 1, 2 * getWidth());
                setResult("mean", 1, mean);
                """)));
        assertEquals(1, outcome.tables().size());
        MeasurementTable table = outcome.tables().get(0);
        assertEquals("imagej-macro", table.measurement());
        assertEquals(List.of("width", "height", "titled", "mean"), table.columns());
        assertEquals(2, table.rows().size());
        assertEquals(input.getWidth(), table.value(0, "width"));
        assertEquals(input.getHeight(), table.value(0, "height"));
        assertEquals(1.0, table.value(0, "titled"), "the image's title is " + ImageJMacroOperation.TITLE);
        assertEquals(2.0 * input.getWidth(), table.value(1, "width"));
        assertEquals(input.getStats().mean, table.value(1, "mean"), 1e-9);
        // A macro that fills no table leaves none, and a later macro does not see an earlier one's rows.
        assertTrue(CATALOG.run(input.duplicate(), List.of(macro("run(\"Invert\");"))).tables().isEmpty());
        MeasurementTable again = CATALOG.run(input.duplicate(), List.of(macro("setResult(\"n\", 0, nResults);")))
                .tables().get(0);
        assertEquals(0.0, again.value(0, "n"));
    }

    @Test
    void theStepsAfterAMacroWorkOnTheTypeItLeaves() {
        // RGB in, 8-bit out of the macro, then a step that takes 8-bit only.
        ImageProcessor rgb = Samples.of(PixelType.RGB);
        List<PipelineStep> pipeline = List.of(macro("run(\"8-bit\");\nsetAutoThreshold(\"Default dark no-reset\");"
                + "\nsetOption(\"BlackBackground\", true);\nrun(\"Convert to Mask\");"), PipelineStep.parse("binary-fill-holes"));
        ImageProcessor result = CATALOG.apply(rgb.duplicate(), pipeline);
        assertEquals(PixelType.GRAY8, PixelType.of(result));
        InvalidPipelineException refused = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.apply(rgb.duplicate(), List.of(macro("run(\"Invert\");"), PipelineStep.parse("binary-fill-holes"))));
        assertTrue(refused.getMessage().contains("binary-fill-holes does not work on RGB"), refused.getMessage());
    }

    @Test
    void aMacroThatGoesWrongSaysHow() {
        ImageProcessor input = Samples.of(PixelType.GRAY8);
        assertFails(input, "run(\"Invert\";", "')'  expected (line 1)");
        // The first error, where it is: not those that follow from it.
        assertFails(input, "run(\"Invert\");\nrun(\"Gaussian Blur...\" \"sigma=2\");\nrun(\"Invert\");",
                "failed: ',' or ')'  expected (line 2)");
        assertFails(input, "x = 1;\ny = undefinedThing + 1;", "line 2");
        assertFails(input, "close();", "left no image");
        assertFails(input, "newImage(\"s\", \"8-bit black\", 10, 10, 3);", "stack of 3");
        assertFails(input, "exit(\"not this one\");", "stopped");
        assertFails(input, "run(\"No Such Command\");", "Unrecognized command: \"No Such Command\"");
        assertThrows(InvalidPipelineException.class, () -> CATALOG.validate(List.of(macro("  "))));
        // After all that, ImageJ still runs macros for the next job.
        ImageProcessor inverted = CATALOG.apply(input.duplicate(), List.of(macro("run(\"Invert\");")));
        PixelAssertions.assertPixelsEqual(CATALOG.apply(input.duplicate(), List.of(PipelineStep.parse("invert"))),
                inverted, "a macro after failed ones");
    }

    private static void assertFails(ImageProcessor input, String code, String saying) {
        InvalidPipelineException failure = assertThrows(InvalidPipelineException.class,
                () -> CATALOG.run(input.duplicate(), List.of(macro(code))), code);
        assertTrue(failure.getMessage().startsWith("the ImageJ macro") && failure.getMessage().contains(saying),
                code + " → " + failure.getMessage());
    }
}
