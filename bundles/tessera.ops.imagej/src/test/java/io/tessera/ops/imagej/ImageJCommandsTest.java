package io.tessera.ops.imagej;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation that has a menu command in ImageJ equals that command run through ImageJ's own
 * command layer ({@code IJ.run(imp, "Gaussian Blur...", "sigma=2")}), on each pixel type the
 * operation accepts: what "equal to ImageJ" means does not rest on reading ImageJ's API the same
 * way on both sides, as the reference cases of {@link CatalogueMatchesImageJTest} do.
 *
 * <p>{@code IJ.run} builds ImageJ's menus, which needs a display; ij1-patcher makes it work
 * headless, provided it patches ImageJ's classes before any of them loads. So this class names
 * no ImageJ type (the cases live in {@link ImageJCommandCases}), patches in its static
 * initializer, and runs in a JVM of its own (see the surefire execution in pom.xml).
 */
class ImageJCommandsTest {
    static {
        net.imagej.patcher.LegacyInjector.preinit();
    }

    static List<String> cases() {
        return ImageJCommandCases.names();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theOperationEqualsImageJsOwnCommand(String name) {
        ImageJCommandCases.check(name);
    }
}
