package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import org.junit.jupiter.api.Assumptions;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.MeasuringOperation;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.util.List;

/**
 * Steps whose operations declare ImageJ macro code, each with parameters that reach the branches
 * of that code. Loaded only after ij1-patcher has run ({@link ImageJCommandsTest}).
 */
final class ImageJCommandCases {
    static final List<String> STEPS = List.of(
            "gaussian-blur:sigma=2", "mean:radius=2", "median:radius=2", "erode:radius=2", "dilate:radius=2",
            "variance:radius=2", "unsharp-mask:sigma=1.5,weight=0.6", "sharpen", "smooth", "find-edges", "invert",
            "gamma:gamma=0.5", "brightness-contrast:min=30,max=200",
            "add:value=25", "add:value=-12.5", "subtract:value=40", "multiply:value=1.7", "multiply:value=0.3",
            "divide:value=3", "min:value=60", "max:value=180.5",
            "log", "exp", "square", "square-root", "abs", "reciprocal",
            "to-8-bit", "to-16-bit", "to-32-bit", "to-rgb",
            "convert-to-gray:weighted=true", "convert-to-gray:weighted=false",
            "auto-threshold:method=Otsu", "auto-threshold:method=Li,dark=true",
            "subtract-background:radius=50", "subtract-background:radius=30,light=true,separate=true",
            "subtract-background:radius=20,paraboloid=true,smoothing=false",
            "subtract-background:radius=25,background=true",
            "scale:factor=0.37", "scale:factor=2.5,interpolation=bicubic,average=false",
            "flip:direction=horizontal", "flip:direction=vertical",
            "rotate:angle=90", "rotate:angle=180", "rotate:angle=270",
            "binary-erode", "binary-dilate:iterations=2,count=2", "binary-open:iterations=2", "binary-close:iterations=2",
            "binary-erode:black=false,count=2",
            "enhance-contrast", "enhance-contrast:saturated=5", "equalize", "despeckle",
            "remove-outliers:radius=2,threshold=30", "remove-outliers:radius=3,threshold=10,which=dark",
            "remove-nans:radius=2", "top-hat:radius=5", "top-hat:radius=3,light=true,opening=true",
            "binary-fill-holes", "binary-fill-holes:black=false", "binary-outline", "binary-outline:black=false",
            "binary-skeletonize", "binary-skeletonize:black=false", "binary-distance-map",
            "binary-distance-map:black=false", "binary-watershed", "binary-watershed:black=false",
            "find-maxima:prominence=20", "find-maxima:prominence=30,strict=true,exclude=true,light=true",
            "find-maxima:prominence=25,output=maxima-within-tolerance",
            "find-maxima:prominence=25,output=segmented-particles",
            "crop:x=100,y=50,width=200,height=120", "crop:x=400,y=450,width=300,height=300",
            "canvas-size:width=700,height=300,position=bottom-right", "canvas-size:width=601,height=801",
            "canvas-size:width=300,height=900,position=top-center",
            "rotate-by-angle:angle=15", "rotate-by-angle:angle=-100.5,interpolation=bicubic",
            "rotate-by-angle:angle=33,interpolation=none",
            "translate:x=-7,y=12", "translate:x=30,y=-5",
            "bin", "bin:x=3,y=2,method=median", "bin:x=2,y=4,method=max", "bin:x=2,y=2,method=min",
            "bin:x=3,y=3,method=sum",
            "threshold:lower=20,upper=90.5", "threshold:lower=30000,upper=50000", "threshold:lower=-3,upper=4",
            "scale:factor=0.5,y-factor=1.5,interpolation=none", "gamma:gamma=2.2",
            "measure", "analyze-particles", "analyze-particles:size-min=50,circ-min=0.3,exclude=true,include=true",
            "analyze-particles:size-min=10,size-max=400,black=false",
            "fft-bandpass", "fft-bandpass:large=20,small=1.5,suppress=horizontal,tolerance=12,saturate=false",
            "fft-bandpass:large=60,small=0,autoscale=false",
            "convolve", "convolve:kernel=1 2 1 2 4 2 1 2 1",
            "convolve:kernel=0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1,normalize=false");

    /** Commands that do not run as they should under ij1-patcher's headless dialogs, and what was seen. */
    private static final java.util.Map<String, String> NEED_A_DISPLAY = java.util.Map.of(
            "analyze-particles", "its dialog throws on the command's checkbox group",
            "convolve", "the command's result differs from the one it gives with a display (its kernel dialog)");

    private ImageJCommandCases() {
    }

    /**
     * The step's declared macro, run by ImageJ's own macro interpreter on a sample of each pixel type
     * the operation accepts, gives the operation's pixels and type.
     */
    static void check(String text) {
        PipelineStep step = PipelineStep.parse(text);
        Operation op = CatalogueMatchesImageJTest.CATALOG.require(step.op());
        String macro = ImageJMacro.of(CatalogueMatchesImageJTest.CATALOG, List.of(step), "");
        int checked = 0;
        for (PixelType type : op.info().accepts()) {
            ImageProcessor input = Samples.forStep(text, type);
            ResultsTable.getResultsTable().reset();
            ImageProcessor expected = runMacro(macro, input.duplicate());
            OperationCatalog.Outcome outcome = CatalogueMatchesImageJTest.CATALOG.run(input.duplicate(), List.of(step));
            ImageProcessor actual = outcome.image();
            if (ImageJCommandsTest.HEADLESS && NEED_A_DISPLAY.containsKey(op.id())) {
                Assumptions.abort(op.id() + " is checked with a display only (./tessera test gives one): under"
                        + " ij1-patcher " + NEED_A_DISPLAY.get(op.id()));
            }
            if (op instanceof MeasuringOperation) {
                assertTablesEqual(ResultsTables.of(op.id(), ResultsTable.getResultsTable()), outcome.tables().get(0),
                        text + " on " + type.label());
            }
            PixelAssertions.assertPixelsEqual(expected, actual, text + " against its macro on " + type.label() + ":\n"
                    + macro);
            assertEquals(op.produces(type, CatalogueMatchesImageJTest.CATALOG.bind(step)), PixelType.of(expected),
                    text + ": the macro's result type on " + type.label());
            checked++;
        }
        assertTrue(checked > 0, text + " accepts no pixel type");
    }

    /** Same columns, same number of rows, and every value equal (NaN equal to NaN), as ImageJ computed them. */
    static void assertTablesEqual(MeasurementTable expected, MeasurementTable actual, String what) {
        assertEquals(expected.columns(), actual.columns(), what + ": columns");
        assertEquals(expected.rows().size(), actual.rows().size(), what + ": rows");
        assertTrue(!actual.rows().isEmpty(), what + ": a table without rows proves nothing");
        for (int row = 0; row < actual.rows().size(); row++) {
            assertArrayEquals(expected.rows().get(row), actual.rows().get(row), what + ": row " + (row + 1));
        }
    }

    /** ImageJ's macro interpreter in batch mode on this image; the image current at its end. */
    static ImageProcessor runMacro(String macro, ImageProcessor input) {
        ImagePlus result = new Interpreter().runBatchMacro(macro, new ImagePlus("input", input));
        assertNotNull(result, "the macro left no image:\n" + macro);
        return result.getProcessor();
    }
}
