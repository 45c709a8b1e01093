package io.tessera.ops.imagej;

import ij.ImagePlus;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.MeasuringOperation;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Analyze › Measure on the whole image, with these of its Set Measurements: area, mean,
 * standard deviation, mode, min and max, integrated density, median, skewness and kurtosis. One
 * row per image; the image goes on unchanged. (RGB images are measured on their brightness, as
 * ImageJ does.)
 */
@Component(service = Operation.class)
public final class MeasureOperation implements MeasuringOperation {
    static final int MEASUREMENTS = Measurements.AREA | Measurements.MEAN | Measurements.STD_DEV | Measurements.MODE
            | Measurements.MIN_MAX | Measurements.INTEGRATED_DENSITY | Measurements.MEDIAN | Measurements.SKEWNESS
            | Measurements.KURTOSIS;
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("measure", "Measure",
            "Measures the whole image: area, mean, std dev, mode, min, max, integrated density, median, skewness,"
                    + " kurtosis (Analyze › Measure); a row per image in the batch's table.", "Analyze");

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Set Measurements...", "area mean standard modal min integrated median"
                + " skewness kurtosis redirect=None decimal=3") + "\n" + ImageJMacro.run("Measure"));
    }

    @Override
    public MeasurementTable measure(ImageProcessor image, ParameterValues values) {
        ResultsTable table = new ResultsTable();
        new Analyzer(new ImagePlus("measured", image), MEASUREMENTS, table).measure();
        return ResultsTables.of(INFO.id(), table);
    }
}
