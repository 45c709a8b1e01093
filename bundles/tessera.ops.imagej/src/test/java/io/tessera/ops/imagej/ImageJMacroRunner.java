package io.tessera.ops.imagej;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ImageJMacroRunner MACRO INPUT OUTPUT.tif}: runs a macro file the way a user runs it in
 * ImageJ (open the image, run the macro), headless, and saves the image current at its end as a
 * TIFF, which keeps every pixel type. A main of its own because ij1-patcher must patch ImageJ
 * before any of its classes loads, which a test JVM that already used ImageJ cannot undo.
 */
public final class ImageJMacroRunner {
    private ImageJMacroRunner() {
    }

    public static void main(String[] args) throws Exception {
        ImageJStart.prepare();
        run(Files.readString(Path.of(args[0])), Path.of(args[1]), Path.of(args[2]));
        System.exit(0); // ImageJ may leave threads behind
    }

    /** In a class ImageJ's patching has already seen to: names ImageJ types only after preinit. */
    private static void run(String macro, Path input, Path output) {
        ij.ImagePlus image = ij.IJ.openImage(input.toString());
        if (image == null) {
            throw new IllegalStateException("ImageJ cannot open " + input);
        }
        ij.ImagePlus result = new ij.macro.Interpreter().runBatchMacro(macro, image);
        if (result == null) {
            throw new IllegalStateException("the macro left no image");
        }
        if (!ij.IJ.saveAsTiff(result, output.toString())) {
            throw new IllegalStateException("cannot write " + output);
        }
    }
}
