package io.tessera.ops.imagej;

import ij.plugin.filter.MaximumFinder;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Find Maxima, as a mask: 255 at each maximum that stands out from its
 * surroundings by more than the prominence (or over each maximum's area, or the segmented
 * particles), 0 elsewhere.
 */
@Component(service = Operation.class)
public final class FindMaximaOperation extends FixedHaloOperation {
    private static final Parameter PROMINENCE = Parameter.decimal("prominence", "Prominence >", 10, 0, 1e9, "");
    private static final Parameter STRICT = Parameter.flag("strict", "Strict", false);
    private static final Parameter EXCLUDE = Parameter.flag("exclude", "Exclude edge maxima", false);
    private static final Parameter LIGHT = Parameter.flag("light", "Light background (find minima)", false);
    private static final Parameter OUTPUT = Parameter.choice("output", "Output", "single-points",
            List.of("single-points", "maxima-within-tolerance", "segmented-particles"));
    private static final Map<String, Integer> OUTPUT_TYPES = Map.of("single-points", MaximumFinder.SINGLE_POINTS,
            "maxima-within-tolerance", MaximumFinder.IN_TOLERANCE, "segmented-particles", MaximumFinder.SEGMENTED);
    private static final Map<String, String> OUTPUT_NAMES = Map.of("single-points", "Single Points",
            "maxima-within-tolerance", "Maxima Within Tolerance", "segmented-particles", "Segmented Particles");
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("find-maxima", "Find maxima",
            "Marks the local maxima that stand out by more than the prominence (Process › Find Maxima).", "Binary",
            PROMINENCE, STRICT, EXCLUDE, LIGHT, OUTPUT).accepting(PixelType.GRAY8, PixelType.GRAY16, PixelType.GRAY32);

    public FindMaximaOperation() {
        super(INFO, WHOLE_IMAGE); // a maximum's prominence is measured across the whole image
    }

    @Override
    public PixelType produces(PixelType input, ParameterValues values) {
        return PixelType.GRAY8;
    }

    /** The command makes a new image of the maxima, which is the current one afterwards. */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Find Maxima...", ImageJMacro.options(
                ImageJMacro.option("prominence", values.decimal(PROMINENCE.name())),
                ImageJMacro.keyword("strict", values.flag(STRICT.name())),
                ImageJMacro.keyword("exclude", values.flag(EXCLUDE.name())),
                ImageJMacro.keyword("light", values.flag(LIGHT.name())),
                ImageJMacro.option("output", OUTPUT_NAMES.get(values.choice(OUTPUT.name()))))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        ImageProcessor image = input;
        if (values.flag(LIGHT.name())) {
            image = input.duplicate(); // minima of the image are the maxima of its inverse, as ImageJ finds them
            image.invert();
        }
        return new MaximumFinder().findMaxima(image, values.decimal(PROMINENCE.name()), values.flag(STRICT.name()),
                ImageProcessor.NO_THRESHOLD, OUTPUT_TYPES.get(values.choice(OUTPUT.name())), values.flag(EXCLUDE.name()),
                false);
    }
}
