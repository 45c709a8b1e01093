package io.tessera.ops.imagej;

import ij.ImagePlus;
import ij.plugin.filter.FFTFilter;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › FFT › Bandpass Filter…: removes structures larger and smaller than two sizes
 * in the frequency domain, optionally stripes of one direction, then stretches the result.
 *
 * <p>ImageJ's {@link FFTFilter} takes its settings only from its dialog, which fills static fields,
 * and filters in a package-private method. Without a dialog (ranks have no display), this sets
 * those fields and calls that method itself, under one lock, since the fields are shared by every
 * job in the JVM. The pixels are checked against the command itself, fed its macro options
 * (ImageJReference, ImageJCommandCases); a later ImageJ that renames a field fails with its name.
 */
@Component(service = Operation.class)
public final class FftBandpassOperation extends FixedHaloOperation {
    private static final List<String> STRIPES = List.of("none", "horizontal", "vertical");
    private static final Parameter LARGE = Parameter.decimal("large", "Filter large structures down to", 40, 0,
            100_000, "px");
    private static final Parameter SMALL = Parameter.decimal("small", "Filter small structures up to", 3, 0, 100_000,
            "px");
    private static final Parameter SUPPRESS = Parameter.choice("suppress", "Suppress stripes", "none", STRIPES);
    private static final Parameter TOLERANCE = Parameter.decimal("tolerance", "Tolerance of direction", 5, 0, 100,
            "%");
    private static final Parameter AUTOSCALE = Parameter.flag("autoscale", "Autoscale after filtering", true);
    private static final Parameter SATURATE = Parameter.flag("saturate", "Saturate when autoscaling", true);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("fft-bandpass", "FFT bandpass",
            "Keeps structures between two sizes, by filtering in the frequency domain (Process › FFT › Bandpass"
                    + " Filter).", "Filters", LARGE, SMALL, SUPPRESS, TOLERANCE, AUTOSCALE, SATURATE);
    /** FFTFilter's settings are static: one filter at a time per JVM. */
    private static final Object SETTINGS = new Object();

    public FftBandpassOperation() {
        // The transform covers the whole image (mirrored to a power of two), every pixel reaches every other.
        super(INFO, WHOLE_IMAGE);
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        String suppress = values.choice(SUPPRESS.name());
        return Optional.of(ImageJMacro.run("Bandpass Filter...", ImageJMacro.options(
                ImageJMacro.option("filter_large", values.decimal(LARGE.name())),
                ImageJMacro.option("filter_small", values.decimal(SMALL.name())),
                ImageJMacro.option("suppress", Character.toUpperCase(suppress.charAt(0)) + suppress.substring(1)),
                ImageJMacro.option("tolerance", values.decimal(TOLERANCE.name())),
                ImageJMacro.keyword("autoscale", values.flag(AUTOSCALE.name())),
                ImageJMacro.keyword("saturate", values.flag(SATURATE.name())))));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        int stripes = STRIPES.indexOf(values.choice(SUPPRESS.name()));
        synchronized (SETTINGS) {
            setStatic("filterLargeDia", values.decimal(LARGE.name()));
            setStatic("filterSmallDia", values.decimal(SMALL.name()));
            setStatic("choiceIndex", stripes);
            setStatic("toleranceDia", values.decimal(TOLERANCE.name()));
            setStatic("doScalingDia", values.flag(AUTOSCALE.name()));
            setStatic("saturateDia", values.flag(SATURATE.name()));
            setStatic("displayFilter", false);
            setStatic("processStack", false);
            FFTFilter filter = new FFTFilter();
            try {
                // What setup() would have kept: the image (its type and title) the filter works on.
                field("imp").set(filter, new ImagePlus("fft-bandpass", input));
                Method run = FFTFilter.class.getDeclaredMethod("filter", ImageProcessor.class);
                run.setAccessible(true);
                run.invoke(filter, input);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException("ImageJ's bandpass filter failed", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw changedImageJ(e);
            }
        }
        return input;
    }

    private static void setStatic(String name, Object value) {
        try {
            field(name).set(null, value);
        } catch (ReflectiveOperationException e) {
            throw changedImageJ(e);
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = FFTFilter.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static IllegalStateException changedImageJ(ReflectiveOperationException e) {
        return new IllegalStateException("this ImageJ's FFTFilter is not the one fft-bandpass was written for"
                + " (1.54p): " + e, e);
    }
}
