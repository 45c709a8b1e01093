package io.tessera.ops.imagej;

import java.util.Optional;
import io.tessera.core.op.ImageJMacro;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Math › Gamma on 8-bit and RGB images, where it maps [0, 255] onto itself.
 * (On 16- and 32-bit images ImageJ scales by the image's own range, a whole-image dependence that
 * would make tiles disagree; those types are left out until that is modelled.)
 */
@Component(service = Operation.class)
public final class GammaOperation extends FixedHaloOperation {
    private static final Parameter GAMMA = Parameter.decimal("gamma", "Gamma", 0.5, 0.1, 5, "");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("gamma", "Gamma",
            "Applies v ↦ 255·(v/255)^gamma to every pixel.", "Adjust", GAMMA).accepting(PixelType.GRAY8, PixelType.RGB);

    public GammaOperation() {
        super(INFO, 0);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Gamma...", ImageJMacro.option("value", values.decimal(GAMMA.name()))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        input.gamma(values.decimal(GAMMA.name()));
        return input;
    }
}
