package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each operation with a menu command, as a step and as the command with its options, the way a
 * macro recorder would write it. Loaded only after ij1-patcher has run ({@link ImageJCommandsTest}).
 */
final class ImageJCommandCases {
    /** step → {command, options}, or several commands in a row: {command, options, command, options…}. */
    private static final Map<String, String[]> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("gaussian-blur:sigma=2", new String[] {"Gaussian Blur...", "sigma=2"});
        COMMANDS.put("mean:radius=2", new String[] {"Mean...", "radius=2"});
        COMMANDS.put("median:radius=2", new String[] {"Median...", "radius=2"});
        COMMANDS.put("erode:radius=2", new String[] {"Minimum...", "radius=2"});
        COMMANDS.put("dilate:radius=2", new String[] {"Maximum...", "radius=2"});
        // Tessera's variance is 32-bit whatever the input (an 8- or 16-bit variance saturates).
        COMMANDS.put("variance:radius=2", new String[] {"32-bit", "", "Variance...", "radius=2"});
        COMMANDS.put("unsharp-mask:sigma=1.5,weight=0.6", new String[] {"Unsharp Mask...", "radius=1.5 mask=0.60"});
        COMMANDS.put("sharpen", new String[] {"Sharpen", ""});
        COMMANDS.put("smooth", new String[] {"Smooth", ""});
        COMMANDS.put("find-edges", new String[] {"Find Edges", ""});
        COMMANDS.put("invert", new String[] {"Invert", ""});
        COMMANDS.put("gamma:gamma=0.5", new String[] {"Gamma...", "value=0.5"});
        COMMANDS.put("add:value=25", new String[] {"Add...", "value=25"});
        COMMANDS.put("add:value=-12.5", new String[] {"Add...", "value=-12.5"});
        COMMANDS.put("subtract:value=40", new String[] {"Subtract...", "value=40"});
        COMMANDS.put("multiply:value=1.7", new String[] {"Multiply...", "value=1.7"});
        COMMANDS.put("multiply:value=0.3", new String[] {"Multiply...", "value=0.3"});
        COMMANDS.put("divide:value=3", new String[] {"Divide...", "value=3"});
        COMMANDS.put("min:value=60", new String[] {"Min...", "value=60"});
        COMMANDS.put("max:value=180.5", new String[] {"Max...", "value=180.5"});
        COMMANDS.put("log", new String[] {"Log", ""});
        COMMANDS.put("exp", new String[] {"Exp", ""});
        COMMANDS.put("square", new String[] {"Square", ""});
        COMMANDS.put("square-root", new String[] {"Square Root", ""});
        COMMANDS.put("abs", new String[] {"Abs", ""});
        COMMANDS.put("reciprocal", new String[] {"Reciprocal", ""});
        // Image › Type, with ImageJ's default conversions (scale; RGB unweighted does not arise here).
        COMMANDS.put("to-8-bit", new String[] {"Conversions...", "scale", "8-bit", ""});
        COMMANDS.put("to-16-bit", new String[] {"Conversions...", "scale", "16-bit", ""});
        COMMANDS.put("to-32-bit", new String[] {"Conversions...", "scale", "32-bit", ""});
        COMMANDS.put("to-rgb", new String[] {"Conversions...", "scale", "RGB Color", ""});
        COMMANDS.put("subtract-background:radius=50", new String[] {"Subtract Background...", "rolling=50"});
        COMMANDS.put("subtract-background:radius=30,light=true,separate=true",
                new String[] {"Subtract Background...", "rolling=30 light separate"});
        COMMANDS.put("subtract-background:radius=20,paraboloid=true,smoothing=false",
                new String[] {"Subtract Background...", "rolling=20 sliding disable"});
        COMMANDS.put("flip:direction=horizontal", new String[] {"Flip Horizontally", ""});
        COMMANDS.put("flip:direction=vertical", new String[] {"Flip Vertically", ""});
        COMMANDS.put("rotate:angle=90", new String[] {"Rotate 90 Degrees Right", ""});
        COMMANDS.put("rotate:angle=270", new String[] {"Rotate 90 Degrees Left", ""});
        // Process › Binary: the options dialog runs the command it names ("do="), on a mask.
        COMMANDS.put("binary-erode", new String[] {"Options...", "iterations=1 count=1 black do=Erode"});
        COMMANDS.put("binary-dilate:iterations=2,count=2", new String[] {"Options...",
                "iterations=2 count=2 black do=Dilate"});
        COMMANDS.put("binary-open:iterations=2", new String[] {"Options...", "iterations=2 count=1 black do=Open"});
        COMMANDS.put("binary-close:iterations=2", new String[] {"Options...", "iterations=2 count=1 black do=Close"});
        // Image › Type › 8-bit, with Edit › Options › Conversions set as the step says.
        COMMANDS.put("convert-to-gray:weighted=true", new String[] {"Conversions...", "scale weighted", "8-bit", ""});
        COMMANDS.put("convert-to-gray:weighted=false", new String[] {"Conversions...", "scale", "8-bit", ""});
    }

    private ImageJCommandCases() {
    }

    static List<String> names() {
        return List.copyOf(COMMANDS.keySet());
    }

    static void check(String step) {
        PipelineStep parsed = PipelineStep.parse(step);
        Operation op = CatalogueMatchesImageJTest.CATALOG.require(parsed.op());
        String[] command = COMMANDS.get(step);
        int checked = 0;
        for (PixelType type : op.info().accepts()) {
            ImageProcessor input = Samples.forStep(step, type);
            ImagePlus imp = new ImagePlus("reference", input.duplicate());
            for (int i = 0; i < command.length; i += 2) {
                IJ.run(imp, command[i], command[i + 1]);
            }
            ImageProcessor expected = imp.getProcessor();
            ImageProcessor actual = CatalogueMatchesImageJTest.CATALOG.apply(input.duplicate(), List.of(parsed));
            PixelAssertions.assertPixelsEqual(expected, actual,
                    step + " against IJ.run " + String.join(" | ", command) + " on " + type.label());
            checked++;
        }
        assertTrue(checked > 0, step + " accepts no pixel type");
    }
}
