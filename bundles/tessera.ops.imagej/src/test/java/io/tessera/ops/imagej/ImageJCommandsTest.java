package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.core.op.Operation;
import io.tessera.core.op.PipelineStep;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation declares the ImageJ macro code that does what it does, and that code, run by
 * ImageJ's own macro interpreter on each pixel type the operation accepts, gives the operation's
 * pixels: "equal to ImageJ" is checked against ImageJ's commands themselves, and the macros that
 * "Export as ImageJ macro" writes are the code checked here.
 *
 * <p>The commands build ImageJ's menus, which needs a display. {@code ./tessera test} gives one
 * (Xvfb), and then ImageJ runs unpatched, as for a user. Without one, ij1-patcher makes the
 * commands work headless, provided it patches ImageJ's classes before any of them loads; so this
 * class names no ImageJ type (the cases live in {@link ImageJCommandCases}), patches in its static
 * initializer, and runs in a JVM of its own (see the surefire execution in pom.xml). Analyze
 * Particles and Convolve do not run right patched (see {@code ImageJCommandCases.NEED_A_DISPLAY}),
 * so they are compared only with a display, and their cases are skipped, not passed, without.
 */
class ImageJCommandsTest {
    /** Whether ImageJ runs patched by ij1-patcher (no display) or as it does for a user (a display). */
    static final boolean HEADLESS = ImageJStart.prepare();

    static List<String> cases() {
        return ImageJCommandCases.STEPS;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theOperationEqualsItsImageJMacro(String step) {
        ImageJCommandCases.check(step);
    }

    @Test
    void everyOperationDeclaresAMacroAndHasACase() {
        Set<String> declaring = CatalogueMatchesImageJTest.CATALOG.operations().stream()
                .filter(op -> op.imagejMacro(CatalogueMatchesImageJTest.CATALOG.bind(new PipelineStep(op.id(), Map.of())))
                        .isPresent())
                .map(Operation::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = CatalogueMatchesImageJTest.CATALOG.operations().stream().map(Operation::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> cased = cases().stream().map(s -> PipelineStep.parse(s).op())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, declaring, "operations of the standard catalogue without an ImageJ macro");
        // A macro's declared macro is its own code, run by ImageJ's interpreter in ImageJMacroOperationTest.
        Set<String> needingACase = CatalogueMatchesImageJTest.CATALOG.operations().stream()
                .filter(op -> !(op instanceof io.tessera.core.op.CodeOperation)).map(Operation::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(needingACase, cased, "operations without a case here");
    }
}
