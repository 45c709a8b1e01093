package io.tessera.examples.ops;

import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import org.osgi.service.component.annotations.Component;

/**
 * Posterize: reduces each channel to a few evenly spaced levels, the flat-colour look of a
 * screen print. One class is the whole plugin: the declaration below gives the palette its form,
 * the CLI its syntax ({@code --op posterize:levels=4}) and the cluster its validation.
 */
@Component(service = Operation.class) // the workbench finds it as an OSGi service
public final class PosterizeOperation implements Operation {
    private static final Parameter LEVELS = Parameter.integer("levels", "Levels per channel", 4, 2, 64, "");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("posterize", "Posterize",
            "Reduces each channel to a few evenly spaced levels.", "Examples", LEVELS)
            .accepting(PixelType.GRAY8, PixelType.RGB);

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public int halo(ParameterValues values) {
        return 0; // each pixel on its own: any strip layout gives the same result
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        int levels = values.integer(LEVELS.name());
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            int level = Math.min(levels - 1, v * levels / 256);
            table[v] = Math.round(level * 255f / (levels - 1));
        }
        input.applyTable(table); // on RGB, ImageJ applies the table to each channel
        return input;
    }
}
