package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Find Edges: the magnitude of a 3×3 Sobel gradient. */
@Component(service = Operation.class)
public final class FindEdgesOperation extends PointOperation {

    public FindEdgesOperation() {
        super(1);
    }

    @Override
    public String id() {
        return "find-edges";
    }

    @Override
    public String label() {
        return "Find edges";
    }

    @Override
    public String description() {
        return "Highlights sharp changes in intensity with a Sobel edge detector.";
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.findEdges();
        return input;
    }
}
