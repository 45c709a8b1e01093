package io.tessera.ops.imagej;

import ij.ImagePlus;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.filter.ParticleAnalyzer;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.MeasuringOperation;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Analyze › Analyze Particles on a mask: one row per particle whose area and circularity
 * lie within the bounds, with ImageJ's columns for area, centroid, perimeter, bounding rectangle,
 * shape descriptors and Feret's diameter; the row count is the particle count. The mask goes on
 * unchanged. The objects' colour is this step's "black" flag (ImageJ reads its binary Options).
 */
@Component(service = Operation.class)
public final class AnalyzeParticlesOperation implements MeasuringOperation {
    static final int MEASUREMENTS = Measurements.AREA | Measurements.CENTROID | Measurements.PERIMETER
            | Measurements.RECT | Measurements.SHAPE_DESCRIPTORS | Measurements.FERET;
    private static final Parameter SIZE_MIN = Parameter.decimal("size-min", "Size from", 0, 0, 1e12, "px²");
    private static final Parameter SIZE_MAX = Parameter.decimal("size-max", "Size to", 1e12, 0, 1e12, "px²");
    private static final Parameter CIRC_MIN = Parameter.decimal("circ-min", "Circularity from", 0, 0, 1, "");
    private static final Parameter CIRC_MAX = Parameter.decimal("circ-max", "Circularity to", 1, 0, 1, "");
    private static final Parameter EXCLUDE = Parameter.flag("exclude", "Exclude on edges", false);
    private static final Parameter INCLUDE = Parameter.flag("include", "Include holes", false);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("analyze-particles", "Analyze particles",
            "Counts and measures the particles of a mask (Analyze › Analyze Particles); a row per particle.",
            "Analyze", SIZE_MIN, SIZE_MAX, CIRC_MIN, CIRC_MAX, EXCLUDE, INCLUDE, BinaryOperation.BLACK)
            .accepting(PixelType.GRAY8);

    @Override
    public boolean takesMasksOnly() {
        return true;
    }

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public void check(ParameterValues values) {
        if (values.decimal(SIZE_MIN.name()) > values.decimal(SIZE_MAX.name())) {
            throw new InvalidPipelineException("size-min=" + ImageJMacro.number(values.decimal(SIZE_MIN.name()))
                    + " must not be above size-max=" + ImageJMacro.number(values.decimal(SIZE_MAX.name())));
        }
        if (values.decimal(CIRC_MIN.name()) > values.decimal(CIRC_MAX.name())) {
            throw new InvalidPipelineException("circ-min=" + ImageJMacro.number(values.decimal(CIRC_MIN.name()))
                    + " must not be above circ-max=" + ImageJMacro.number(values.decimal(CIRC_MAX.name())));
        }
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        int objects = objects(values);
        return Optional.of(ImageJMacro.run("Set Measurements...", "area centroid perimeter bounding shape feret's"
                + " redirect=None decimal=3") + "\nsetThreshold(" + objects + ", " + objects + ");\n"
                + ImageJMacro.run("Analyze Particles...", ImageJMacro.options(
                        "size=" + ImageJMacro.number(values.decimal(SIZE_MIN.name())) + "-"
                                + ImageJMacro.number(values.decimal(SIZE_MAX.name())),
                        "circularity=" + ImageJMacro.number(values.decimal(CIRC_MIN.name())) + "-"
                                + ImageJMacro.number(values.decimal(CIRC_MAX.name())),
                        "display clear", ImageJMacro.keyword("exclude", values.flag(EXCLUDE.name())),
                        ImageJMacro.keyword("include", values.flag(INCLUDE.name()))))
                + "\nresetThreshold();");
    }

    @Override
    public MeasurementTable measure(ImageProcessor image, ParameterValues values) {
        ByteProcessor mask = (ByteProcessor) BinaryOperation.requireMask(image, INFO.id()).duplicate();
        int objects = objects(values);
        mask.setThreshold(objects, objects, ImageProcessor.NO_LUT_UPDATE); // not ImageJ's global Options
        int options = ParticleAnalyzer.SHOW_NONE | (values.flag(EXCLUDE.name()) ? ParticleAnalyzer.EXCLUDE_EDGE_PARTICLES : 0)
                | (values.flag(INCLUDE.name()) ? ParticleAnalyzer.INCLUDE_HOLES : 0);
        ResultsTable table = new ResultsTable();
        ParticleAnalyzer analyzer = new ParticleAnalyzer(options, MEASUREMENTS, table, values.decimal(SIZE_MIN.name()),
                values.decimal(SIZE_MAX.name()), values.decimal(CIRC_MIN.name()), values.decimal(CIRC_MAX.name()));
        analyzer.setHideOutputImage(true);
        if (!analyzer.analyze(new ImagePlus("particles", mask), mask)) {
            throw new InvalidPipelineException(INFO.id() + ": ImageJ's particle analyzer gave up on this image");
        }
        return ResultsTables.of(INFO.id(), table);
    }

    private static int objects(ParameterValues values) {
        return values.flag(BinaryOperation.BLACK.name()) ? 255 : 0;
    }
}
