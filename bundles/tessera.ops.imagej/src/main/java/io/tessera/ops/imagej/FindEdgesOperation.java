package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Find Edges: the magnitude of a 3×3 Sobel gradient. */
@Component(service = Operation.class)
public final class FindEdgesOperation extends FixedHaloOperation {

    public FindEdgesOperation() {
        super(OperationInfo.ofAllTypes("find-edges", "Find edges", "Highlights sharp changes in intensity with a Sobel edge detector.", "Filters"), 1);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Find Edges"));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.findEdges();
        return input;
    }
}
