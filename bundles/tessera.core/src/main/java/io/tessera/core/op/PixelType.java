package io.tessera.core.op;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.util.Locale;

/** The pixel types ImageJ works in; an operation declares which it accepts and what it returns for each. */
public enum PixelType {
    GRAY8("8-bit gray"), GRAY16("16-bit gray"), GRAY32("32-bit float"), RGB("RGB");

    private final String label;

    PixelType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static PixelType of(ImageProcessor ip) {
        if (ip instanceof ByteProcessor) {
            return GRAY8;
        }
        if (ip instanceof ShortProcessor) {
            return GRAY16;
        }
        if (ip instanceof FloatProcessor) {
            return GRAY32;
        }
        if (ip instanceof ColorProcessor) {
            return RGB;
        }
        throw new IllegalArgumentException("unknown ImageJ processor " + ip.getClass().getName());
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
