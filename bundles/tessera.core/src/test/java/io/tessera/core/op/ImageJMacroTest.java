package io.tessera.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ImageProcessor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageJMacroTest {
    /** An operation that inverts, with an ImageJ command or (as a plugin's may be) without. */
    private record Negative(String id, boolean withMacro) implements Operation {
        @Override
        public OperationInfo info() {
            return OperationInfo.ofAllTypes(id, "Negative", "Inverts.", "Adjust", Parameter.choice("output", "Output",
                    "Single Points", List.of("Single Points", "Count")));
        }

        @Override
        public int halo(ParameterValues values) {
            return 0;
        }

        @Override
        public Optional<String> imagejMacro(ParameterValues values) {
            return withMacro ? Optional.of(ImageJMacro.run("Invert", ImageJMacro.options(ImageJMacro.option("output",
                    values.choice("output")), ImageJMacro.keyword("light", false), "say=\"hi\""))) : Optional.empty();
        }

        @Override
        public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
            input.invert();
            return input;
        }
    }

    /** Code as a step: its declared macro is the code itself. */
    private record Script() implements CodeOperation {
        @Override
        public OperationInfo info() {
            return OperationInfo.ofAllTypes("script", "Script", "Runs code.", "Code",
                    Parameter.code("code", "Code", "x = 1;", 10_000));
        }

        @Override
        public Optional<String> imagejMacro(ParameterValues values) {
            return Optional.of(values.text("code"));
        }

        @Override
        public OperationCatalog.Outcome runCode(ImageProcessor input, ParameterValues values) {
            return new OperationCatalog.Outcome(input, List.of());
        }
    }

    private static final OperationCatalog CATALOG = new OperationCatalog(List.of(new Negative("negative", true),
            new Negative("homemade", false), new Script()));

    /** A step's code of several lines stays out of the comments that name the steps. */
    @Test
    void codeOfSeveralLinesIsSummedUpInTheComments() {
        String code = "// first, the edges of everything in the picture\nrun(\"Find Edges\");\nprint(\"done\");";
        String macro = ImageJMacro.of(CATALOG, List.of(PipelineStep.parse("negative"),
                new PipelineStep("script", java.util.Map.of("code", code))), "");
        String summary = "script:code=// first, the edges of everything in the… (3 lines, " + code.length() + " characters)";
        assertTrue(macro.contains("// Pipeline: negative | " + summary + "\n"), macro);
        assertTrue(macro.endsWith("\n// 2. " + summary + "\n" + code + "\n"), macro);
        assertEquals(1, macro.lines().filter(line -> line.equals("run(\"Find Edges\");")).count(), macro);
    }

    @Test
    void stepsBecomeNumberedBlocksWithQuotedOptions() {
        String macro = ImageJMacro.of(CATALOG, List.of(PipelineStep.parse("negative")), "a test");
        assertTrue(macro.startsWith("// ImageJ macro made by Tessera from a test\n// Pipeline: negative\n"), macro);
        assertTrue(macro.endsWith("\n// 1. negative\nrun(\"Invert\", \"output=[Single Points] say=\\\"hi\\\"\");\n"),
                macro);
    }

    @Test
    void anOperationWithoutACommandIsNamed() {
        var e = assertThrows(InvalidPipelineException.class, () -> ImageJMacro.of(CATALOG,
                List.of(PipelineStep.parse("negative"), PipelineStep.parse("homemade")), ""));
        assertEquals("homemade has no ImageJ command, so the pipeline cannot be written as an ImageJ macro",
                e.getMessage());
    }

    @Test
    void numbersAreWrittenAsTheMacroLanguageReadsThem() {
        assertEquals("2", ImageJMacro.number(2.0));
        assertEquals("-12.5", ImageJMacro.number(-12.5));
        assertEquals("x=0.35", ImageJMacro.option("x", 0.35));
    }
}
