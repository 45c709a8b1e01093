package io.tessera.ops.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import io.tessera.core.op.CodeOperation;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.MeasurementTable;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.ParameterValues;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ macro code run on the image by ImageJ's own interpreter, in batch mode (no window opens):
 * the image is current when the code starts (its title is {@value #TITLE}), the image current at
 * its end is the result, and what the code puts in ImageJ's Results table ({@code setResult},
 * {@code run("Measure")}, {@code run("Analyze Particles...", "display")}) becomes the job's table.
 * A rank has no display: there ImageJ's command layer runs headless through ij1-patcher, so
 * {@code run("…")} works as it does in Fiji's headless mode; dialogs, windows and other images
 * on disk are not for a macro here.
 *
 * <p>The code runs as the cluster's user, so jobs carrying it are signed and checked
 * ({@link CodeOperation}); an operator may refuse them all.
 */
@Component(service = Operation.class)
public final class ImageJMacroOperation implements CodeOperation {
    /** The image's title while the macro runs, for {@code getTitle()}. */
    static final String TITLE = "image";
    /** Generous for a macro, and far below a queue message's limit (256 KiB). */
    static final int MAX_CODE = 64 * 1024;
    static final Parameter CODE = Parameter.code("code", "Macro code", "run(\"Invert\");", MAX_CODE);
    private static final OperationInfo INFO = OperationInfo.ofAllTypes("imagej-macro", "ImageJ Macro",
            "Runs ImageJ macro code on the image (batch mode, headless on the cluster): the image current at its end"
                    + " is the result, the Results table it fills is the batch's table. Jobs carrying code run only"
                    + " when signed with the cluster's macro key.", "ImageJ", CODE);
    /**
     * Whether this process's ImageJ was patched by ij1-patcher to run headless (its IJ then has
     * the patcher's hooks): only then does {@code run("…")} work without a display and never open
     * a dialog (a command run without its options opens one, and waits for a click).
     */
    static final boolean IMAGEJ_PATCHED_HEADLESS = hasField(IJ.class, "_hooks");

    private static boolean hasField(Class<?> type, String name) {
        try {
            type.getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** ImageJ's interpreter keeps its batch-mode images and the Results table in static fields. */
    private static final Object IMAGEJ = new Object();

    @Override
    public OperationInfo info() {
        return INFO;
    }

    @Override
    public List<String> aliases() {
        return List.of("macro");
    }

    @Override
    public void check(ParameterValues values) {
        if (values.text(CODE.name()).isBlank()) {
            throw new InvalidPipelineException("imagej-macro: the code is empty");
        }
    }

    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(values.text(CODE.name()).strip());
    }

    @Override
    public OperationCatalog.Outcome runCode(ImageProcessor input, ParameterValues values) {
        String code = values.text(CODE.name());
        if (!IMAGEJ_PATCHED_HEADLESS) {
            throw new InvalidPipelineException("ImageJ macros run only where ImageJ is patched to run headless (the "
                    + "cluster's ranks and the command line carry it so): here a command's dialog could open and wait");
        }
        synchronized (IMAGEJ) {
            ResultsTable results = ResultsTable.getResultsTable();
            results.reset();
            try {
                Interpreter interpreter = new Interpreter();
                // An error must not open ImageJ's dialog: the interpreter is told to go on, and the
                // hook it calls before each statement stops it at the first error, with its words
                // and line (going on, it would only pile up errors that follow from the first).
                interpreter.setIgnoreErrors(true);
                interpreter.setDebugger((running, mode) -> {
                    if (running.getErrorMessage() != null) {
                        throw new FirstError(running.getErrorMessage() + lineOf(running));
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw new FirstError("interrupted: nobody waits for its result any more");
                    }
                    return mode;
                });
                IJ.getErrorMessage(); // forget an earlier macro's
                ImagePlus image;
                try {
                    image = interpreter.runBatchMacro(code, new ImagePlus(TITLE, input));
                } catch (FirstError e) {
                    throw new InvalidPipelineException("the ImageJ macro failed: " + e.getMessage());
                } catch (RuntimeException e) {
                    // Headless, a command's error (an unknown command, say) cancels the macro; IJ keeps its words.
                    String error = IJ.getErrorMessage();
                    if (error == null) {
                        error = unknownCommand(code); // headless, ij1-patcher cancels without words
                    }
                    throw new InvalidPipelineException("the ImageJ macro " + (error != null ? "failed: " + error
                            : Macro.MACRO_CANCELED.equals(e.getMessage())
                                    ? "stopped before its end (exit, or a command that cancels it)" : "failed: " + e));
                }
                if (interpreter.getErrorMessage() != null) {
                    throw new InvalidPipelineException("the ImageJ macro failed: " + interpreter.getErrorMessage()
                            + lineOf(interpreter));
                }
                if (image == null || image.getProcessor() == null) {
                    throw new InvalidPipelineException("the ImageJ macro left no image (it closed the image and opened "
                            + "no other)");
                }
                if (image.getStackSize() > 1) {
                    throw new InvalidPipelineException("the ImageJ macro left a stack of " + image.getStackSize()
                            + " images; a result is one image");
                }
                List<MeasurementTable> tables = results.size() > 0 ? List.of(ResultsTables.of(INFO.id(), results))
                        : List.of();
                return new OperationCatalog.Outcome(image.getProcessor(), tables);
            } finally {
                results.reset();
            }
        }
    }

    private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile("\\brun\\(\\s*\"([^\"]+)\"");

    /** "Unrecognized command: …" for the first {@code run("…")} whose command ImageJ does not have; else null. */
    static String unknownCommand(String code) {
        java.util.Hashtable<String, String> commands = ij.Menus.getCommands();
        if (commands == null) {
            return null;
        }
        java.util.regex.Matcher run = RUN.matcher(code);
        while (run.find()) {
            if (!commands.containsKey(run.group(1))) {
                return "Unrecognized command: \"" + run.group(1) + "\"";
            }
        }
        return null;
    }

    /** Thrown from the interpreter's statement hook to end a macro at its first error. */
    private static final class FirstError extends RuntimeException {
        FirstError(String message) {
            super(message, null, false, false);
        }
    }

    private static String lineOf(Interpreter interpreter) {
        try {
            return " (line " + interpreter.getLineNumber() + ")";
        } catch (RuntimeException e) {
            return ""; // no program left to ask
        }
    }
}
