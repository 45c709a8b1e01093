package io.tessera.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationCatalogTest {

    /** Adds a constant: small enough to check every rule of the catalogue against. */
    static final class AddOperation implements Operation {
        @Override
        public OperationInfo info() {
            return OperationInfo.ofAllTypes("add", "Add", "Adds a constant.", "Test",
                    Parameter.integer("value", "Value", 1, 0, 10, "")).accepting(PixelType.GRAY8);
        }

        @Override
        public int halo(ParameterValues values) {
            return 0;
        }

        @Override
        public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
            input.add(values.integer("value"));
            return input;
        }
    }

    /** The same operation under ImageJ's name as well. */
    static class PlusOperation implements Operation {
        private final AddOperation add = new AddOperation();

        @Override
        public OperationInfo info() {
            return add.info();
        }

        @Override
        public List<String> aliases() {
            return List.of("plus");
        }

        @Override
        public int halo(ParameterValues values) {
            return 0;
        }

        @Override
        public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
            return add.apply(input, values);
        }
    }

    private final OperationCatalog catalog = new OperationCatalog(List.of(new AddOperation()));

    @Test
    void anAliasIsAcceptedWhereverTheIdIsAndJobsCarryTheId() {
        OperationCatalog withAlias = new OperationCatalog(List.of(new PlusOperation()));
        List<PipelineStep> pipeline = List.of(PipelineStep.parse("plus:value=3"));
        withAlias.validate(pipeline, PixelType.GRAY8);
        assertEquals("add", withAlias.require("plus").id());
        assertTrue(withAlias.knows("plus") && withAlias.knows("add") && !withAlias.knows("blur"));
        assertEquals(List.of(PipelineStep.parse("add:value=3")), withAlias.canonical(pipeline));
        ImageProcessor ip = new ByteProcessor(1, 1);
        assertEquals(3, withAlias.apply(ip, pipeline).get(0));
        var unknown = assertThrows(InvalidPipelineException.class, () -> withAlias.require("minus"));
        assertTrue(unknown.getMessage().endsWith("known operations: add; also plus (= add)"), unknown.getMessage());
    }

    @Test
    void anAliasThatIsAnotherOperationsIdIsRefused() {
        Operation claimsAdd = new PlusOperation() {
            @Override
            public OperationInfo info() {
                return OperationInfo.ofAllTypes("sum", "Sum", "Adds.", "Test");
            }

            @Override
            public List<String> aliases() {
                return List.of("add");
            }
        };
        assertThrows(IllegalStateException.class, () -> new OperationCatalog(List.of(new AddOperation(), claimsAdd)));
    }

    @Test
    void defaultsFillParametersLeftOut() {
        assertEquals(1.0, catalog.bind(PipelineStep.parse("add")).decimal("value"));
        assertEquals(7.0, catalog.bind(PipelineStep.parse("add:value=7")).decimal("value"));
    }

    @Test
    void pipelineRunsStepsInOrder() {
        ImageProcessor ip = new ByteProcessor(2, 2);
        ImageProcessor out = catalog.apply(ip, List.of(PipelineStep.parse("add:value=3"), PipelineStep.parse("add")));
        assertEquals(4, out.get(1, 1));
    }

    @Test
    void unknownOperationNamesTheKnownOnes() {
        var e = assertThrows(InvalidPipelineException.class, () -> catalog.validate(List.of(PipelineStep.parse("blur"))));
        assertEquals("unknown operation 'blur'; known operations: add", e.getMessage());
    }

    @Test
    void outOfRangeAndFractionalValuesAreRefused() {
        var range = assertThrows(InvalidPipelineException.class, () -> catalog.bind(PipelineStep.parse("add:value=11")));
        assertEquals("add: value=11 is out of range: it must lie in [0, 10]", range.getMessage());
        var whole = assertThrows(InvalidPipelineException.class, () -> catalog.bind(PipelineStep.parse("add:value=1.5")));
        assertEquals("add: value=1.5 must be a whole number", whole.getMessage());
    }

    @Test
    void unknownParameterListsTheDeclaredOnes() {
        var e = assertThrows(InvalidPipelineException.class, () -> catalog.bind(new PipelineStep("add", Map.of("sigma", 2.0))));
        assertEquals("add has no parameter 'sigma'; its parameters: value", e.getMessage());
    }

    @Test
    void unsupportedPixelTypeIsRefusedWithTheAcceptedOnes() {
        var e = assertThrows(InvalidPipelineException.class,
                () -> catalog.validate(List.of(PipelineStep.parse("add")), PixelType.RGB));
        assertEquals("add does not work on RGB images; it accepts 8-bit gray", e.getMessage());
        assertEquals(PixelType.GRAY8, catalog.validate(List.of(PipelineStep.parse("add")), PixelType.GRAY8));
    }

    @Test
    void choicesAndFlagsAreCheckedToo() {
        Parameter method = Parameter.choice("method", "Method", "Otsu", List.of("Default", "Otsu", "Li"));
        assertEquals("Li", method.coerce("Li"));
        assertEquals("method=Huang is not one of the choices: Default, Otsu, Li",
                assertThrows(InvalidPipelineException.class, () -> method.coerce("Huang")).getMessage());
        Parameter dark = Parameter.flag("dark", "Dark background", false);
        assertEquals(Boolean.TRUE, dark.coerce("true"));
        assertEquals("dark=maybe must be true or false",
                assertThrows(InvalidPipelineException.class, () -> dark.coerce("maybe")).getMessage());
    }

    @Test
    void textIsKeptAsTextUpToItsLength() {
        Parameter kernel = Parameter.text("kernel", "Kernel", "1 1 1", 12);
        assertEquals("-1 2 -1", kernel.coerce("-1 2 -1"));
        assertEquals("5", kernel.coerce(5.0), "a number read from the CLI syntax is still text");
        assertEquals("kernel=1 2 3 4 5 6 7 is too long: at most 12 characters",
                assertThrows(InvalidPipelineException.class, () -> kernel.coerce("1 2 3 4 5 6 7")).getMessage());
        assertEquals("text of up to 12 characters; default \"1 1 1\"", kernel.describe());
    }

    @Test
    void emptyPipelineIsRefused() {
        var e = assertThrows(InvalidPipelineException.class, () -> catalog.validate(List.of()));
        assertTrue(e.getMessage().startsWith("the pipeline is empty"), e.getMessage());
    }

    @Test
    void cliSyntaxErrorsSayWhatIsWrong() {
        assertEquals("'sigma' in 'gaussian-blur:sigma' is not name=value",
                assertThrows(InvalidPipelineException.class, () -> PipelineStep.parse("gaussian-blur:sigma")).getMessage());
        assertEquals("add: value=x is not a number",
                assertThrows(InvalidPipelineException.class, () -> catalog.bind(PipelineStep.parse("add:value=x"))).getMessage());
        assertEquals("gaussian-blur:sigma=2.5", PipelineStep.parse(" gaussian-blur:sigma=2.5 ").toString());
    }
}
