package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.awt.Rectangle;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Image › Crop to a rectangle. A rectangle reaching past the image keeps the part inside
 * it, as ImageJ does; one wholly outside is an error that names the image's size.
 */
@Component(service = Operation.class)
public final class CropOperation extends FixedHaloOperation {
    private static final Parameter X = Parameter.integer("x", "Left", 0, 0, 1_000_000, "px");
    private static final Parameter Y = Parameter.integer("y", "Top", 0, 0, 1_000_000, "px");
    private static final Parameter WIDTH = Parameter.integer("width", "Width", 256, 1, 1_000_000, "px");
    private static final Parameter HEIGHT = Parameter.integer("height", "Height", 256, 1, 1_000_000, "px");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("crop", "Crop",
            "Keeps the rectangle from (x, y) of the given size (Image › Crop).", "Transform", X, Y, WIDTH, HEIGHT);

    public CropOperation() {
        super(INFO, WHOLE_IMAGE); // rows move up to the top of the new image
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of("makeRectangle(" + values.integer(X.name()) + ", " + values.integer(Y.name()) + ", "
                + values.integer(WIDTH.name()) + ", " + values.integer(HEIGHT.name()) + ");\n" + ImageJMacro.run("Crop"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        Rectangle wanted = new Rectangle(values.integer(X.name()), values.integer(Y.name()),
                values.integer(WIDTH.name()), values.integer(HEIGHT.name()));
        Rectangle inside = wanted.intersection(new Rectangle(input.getWidth(), input.getHeight()));
        if (inside.isEmpty()) {
            throw new InvalidPipelineException("crop: the rectangle at (" + wanted.x + ", " + wanted.y + ") of "
                    + wanted.width + "×" + wanted.height + " lies outside the " + input.getWidth() + "×"
                    + input.getHeight() + " image");
        }
        input.setRoi(inside);
        return input.crop();
    }
}
