package io.tessera.core.op;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ImageJ macro code: the statements an operation declares for itself ({@link Operation#imagejMacro}),
 * and whole macros that replay a pipeline in ImageJ or Fiji on the image that is open there.
 */
public final class ImageJMacro {
    private ImageJMacro() {
    }

    /** {@code run("Invert");} */
    public static String run(String command) {
        return "run(" + quoted(command) + ");";
    }

    /** {@code run("Gaussian Blur...", "sigma=2");}: options in the recorder's {@code key=value} form. */
    public static String run(String command, String options) {
        return options.isEmpty() ? run(command) : "run(" + quoted(command) + ", " + quoted(options) + ");";
    }

    /** A number as the options and the macro language read it: {@code 2}, {@code 0.35}, {@code -12.5}. */
    public static String number(double value) {
        return Parameter.format(value);
    }

    /** {@code key=value}, with a value that holds a space in brackets ({@code output=[Single Points]}). */
    public static String option(String key, Object value) {
        String text = value instanceof Double d ? number(d) : String.valueOf(value);
        return key + "=" + (text.contains(" ") ? "[" + text + "]" : text);
    }

    /** The keyword of a checkbox when it is ticked, else nothing: options list only ticked boxes. */
    public static String keyword(String word, boolean ticked) {
        return ticked ? word : "";
    }

    /** Options joined by single spaces, empty ones left out. */
    public static String options(String... parts) {
        return java.util.Arrays.stream(parts).filter(p -> !p.isEmpty()).collect(Collectors.joining(" "));
    }

    /**
     * A macro that applies these steps to ImageJ's current image, one commented block per step.
     *
     * @param source what the macro was made from, for its first comment line ("the palette", a result's path)
     * @throws InvalidPipelineException when a step is invalid, or its operation has no ImageJ command
     */
    public static String of(OperationCatalog catalog, List<PipelineStep> pipeline, String source) {
        catalog.validate(pipeline);
        List<String> lines = new ArrayList<>();
        lines.add("// ImageJ macro made by Tessera" + (source.isEmpty() ? "" : " from " + source));
        lines.add("// Pipeline: " + pipeline.stream().map(PipelineStep::summary).collect(Collectors.joining(" | ")));
        lines.add("// Replays in ImageJ or Fiji what Tessera does to one image:");
        lines.add("// open the image, then Plugins > Macros > Run... this file.");
        lines.add("// Commands with settings (Conversions..., the binary Options...)");
        lines.add("// change those settings in ImageJ too, as they do when clicked.");
        int number = 0;
        for (PipelineStep step : catalog.canonical(pipeline)) {
            Operation op = catalog.require(step.op());
            String code = op.imagejMacro(catalog.bind(step)).orElseThrow(() -> new InvalidPipelineException(
                    op.id() + " has no ImageJ command, so the pipeline cannot be written as an ImageJ macro"));
            lines.add("");
            lines.add("// " + (++number) + ". " + step.summary());
            lines.add(code);
        }
        return String.join("\n", lines) + "\n";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
