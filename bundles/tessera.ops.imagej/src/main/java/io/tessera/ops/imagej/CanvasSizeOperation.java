package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Adjust › Canvas Size with "Zero fill": the image placed on a canvas of the new
 * size, padded with 0 (or cut, where the canvas is smaller).
 */
@Component(service = Operation.class)
public final class CanvasSizeOperation extends FixedHaloOperation {
    private static final Parameter WIDTH = Parameter.integer("width", "Width", 1024, 1, 1_000_000, "px");
    private static final Parameter HEIGHT = Parameter.integer("height", "Height", 1024, 1, 1_000_000, "px");
    /** ImageJ's positions, in its order. */
    private static final List<String> POSITIONS = List.of("Top-Left", "Top-Center", "Top-Right", "Center-Left",
            "Center", "Center-Right", "Bottom-Left", "Bottom-Center", "Bottom-Right");
    private static final Parameter POSITION = Parameter.choice("position", "Position", "center",
            POSITIONS.stream().map(p -> p.toLowerCase(java.util.Locale.ROOT)).toList());
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("canvas-size", "Canvas size",
            "Pads (or cuts) the image to a new size, the image placed as chosen, new pixels 0"
                    + " (Image › Adjust › Canvas Size).", "Transform", WIDTH, HEIGHT, POSITION);

    public CanvasSizeOperation() {
        super(INFO, WHOLE_IMAGE); // rows move by the vertical offset and the canvas has its own height
    }

    @Override
    public List<String> aliases() {
        return List.of("pad");
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Canvas Size...", ImageJMacro.options(
                ImageJMacro.option("width", values.integer(WIDTH.name())),
                ImageJMacro.option("height", values.integer(HEIGHT.name())),
                ImageJMacro.option("position", POSITIONS.get(positionIndex(values))), "zero")));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        int width = values.integer(WIDTH.name());
        int height = values.integer(HEIGHT.name());
        int position = positionIndex(values);
        // ImageJ's offsets: left, centred (rounded towards zero) or right; the same for rows.
        int spareX = width - input.getWidth();
        int spareY = height - input.getHeight();
        int x = switch (position % 3) {
            case 0 -> 0;
            case 1 -> spareX / 2;
            default -> spareX;
        };
        int y = switch (position / 3) {
            case 0 -> 0;
            case 1 -> spareY / 2;
            default -> spareY;
        };
        ImageProcessor canvas = input.createProcessor(width, height);
        canvas.setValue(0);
        canvas.fill();
        canvas.insert(input, x, y);
        return canvas;
    }

    private static int positionIndex(ParameterValues values) {
        return POSITION.choices().indexOf(values.choice(POSITION.name()));
    }
}
