package io.tessera.ops.imagej;

import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Math › Gamma. On 8-bit and RGB images it maps [0, 255] onto itself, pixel by
 * pixel; on 16- and 32-bit images ImageJ maps the image's own min..max onto itself, so those never
 * go in strips.
 */
@Component(service = Operation.class)
public final class GammaOperation extends FixedHaloOperation {
    private static final Parameter GAMMA = Parameter.decimal("gamma", "Gamma", 0.5, 0.1, 5, "");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("gamma", "Gamma",
            "Applies v ↦ 255·(v/255)^gamma to every pixel (16/32-bit: over the image's own range).", "Math", GAMMA);

    public GammaOperation() {
        super(INFO, 0);
    }

    @Override
    public int halo(ParameterValues values, PixelType input) {
        return input == PixelType.GRAY16 || input == PixelType.GRAY32 ? WHOLE_IMAGE : 0;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Gamma...", ImageJMacro.option("value", values.decimal(GAMMA.name()))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        if (input.getBitDepth() == 16 || input.getBitDepth() == 32) {
            input.resetMinAndMax(); // the image's own range, as ImageJ has it for a freshly opened image
        }
        input.gamma(values.decimal(GAMMA.name()));
        return input;
    }
}
