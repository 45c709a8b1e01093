package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;

/** The interpolation parameter of ImageJ's geometric commands: its values, ImageJ's constant and its macro word. */
final class Interpolation {
    static final Parameter PARAMETER = Parameter.choice("interpolation", "Interpolation", "bilinear",
            List.of("none", "bilinear", "bicubic"));

    private Interpolation() {
    }

    static int method(ParameterValues values) {
        return switch (values.choice(PARAMETER.name())) {
            case "none" -> ImageProcessor.NONE;
            case "bicubic" -> ImageProcessor.BICUBIC;
            default -> ImageProcessor.BILINEAR;
        };
    }

    /** As the commands' options write it: {@code Bilinear}. */
    static String macroWord(ParameterValues values) {
        String name = values.choice(PARAMETER.name());
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
