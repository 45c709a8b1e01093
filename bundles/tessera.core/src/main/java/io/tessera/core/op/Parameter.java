package io.tessera.core.op;

import java.util.List;
import java.util.Locale;

/**
 * One parameter of an operation, declared once: the palette's form, the CLI syntax and the
 * validation of job messages are all derived from it.
 *
 * @param name         key used in pipelines, JSON and the CLI ({@code sigma})
 * @param label        what a person reads in a form
 * @param kind         integer, decimal, choice, flag, text, or code (text of several lines: a macro)
 * @param defaultValue used when a pipeline step leaves the parameter out
 * @param min          smallest accepted number, inclusive (numbers only)
 * @param max          largest accepted number, inclusive (numbers); longest accepted text, in characters (text)
 * @param choices      the accepted values (choices only)
 * @param unit         unit shown beside the value, empty when there is none
 */
public record Parameter(String name, String label, Kind kind, Object defaultValue, double min, double max,
        List<String> choices, String unit) {

    public enum Kind {
        INTEGER, DECIMAL, CHOICE, FLAG, TEXT,
        /** Program text of several lines (an ImageJ macro): a code editor in the palette, a file on the CLI. */
        CODE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Parameter {
        choices = List.copyOf(choices);
        String problem = problemWith(kind, defaultValue, min, max, choices, unit);
        if (problem != null) {
            throw new IllegalArgumentException("the default of " + name + " is invalid: " + problem);
        }
    }

    public static Parameter decimal(String name, String label, double defaultValue, double min, double max,
            String unit) {
        return new Parameter(name, label, Kind.DECIMAL, defaultValue, min, max, List.of(), unit);
    }

    public static Parameter integer(String name, String label, int defaultValue, int min, int max, String unit) {
        return new Parameter(name, label, Kind.INTEGER, (double) defaultValue, min, max, List.of(), unit);
    }

    public static Parameter choice(String name, String label, String defaultValue, List<String> choices) {
        return new Parameter(name, label, Kind.CHOICE, defaultValue, 0, 0, choices, "");
    }

    public static Parameter flag(String name, String label, boolean defaultValue) {
        return new Parameter(name, label, Kind.FLAG, defaultValue, 0, 0, List.of(), "");
    }

    /** Code of at most {@code maxLength} characters, e.g. an ImageJ macro. */
    public static Parameter code(String name, String label, String defaultValue, int maxLength) {
        return new Parameter(name, label, Kind.CODE, defaultValue, 0, maxLength, List.of(), "");
    }

    /** Free text of at most {@code maxLength} characters, e.g. a convolution kernel's numbers. */
    public static Parameter text(String name, String label, String defaultValue, int maxLength) {
        return new Parameter(name, label, Kind.TEXT, defaultValue, 0, maxLength, List.of(), "");
    }

    /**
     * The value as this parameter holds it (Double for numbers, String for choices and text,
     * Boolean for flags), from what a user or a message gave: a number, a boolean, or their text.
     *
     * @throws InvalidPipelineException naming the parameter, the value and what is accepted
     */
    public Object coerce(Object raw) {
        Object value = switch (kind) {
            case INTEGER, DECIMAL -> raw instanceof Number n ? (Object) n.doubleValue() : parseNumber(raw);
            case CHOICE, TEXT, CODE -> raw == null ? null : format(raw); // "90" may arrive as the number 90
            case FLAG -> raw instanceof Boolean ? raw : parseFlag(raw);
        };
        String problem = value == null ? (kind == Kind.FLAG ? "must be true or false"
                : kind == Kind.TEXT || kind == Kind.CODE ? "is missing" : "is not a number")
                : problemWith(kind, value, min, max, choices, unit);
        if (problem != null) {
            throw new InvalidPipelineException(name + "=" + (kind == Kind.CODE ? "(code)" : format(raw)) + " " + problem);
        }
        return value;
    }

    /** A one-line summary of type, default and bounds, as {@code ./tessera ops} prints it. */
    public String describe() {
        return switch (kind) {
            case INTEGER, DECIMAL -> kind + ", default " + format(defaultValue) + ", in [" + format(min) + ", "
                    + format(max) + "]" + (unit.isEmpty() ? "" : " " + unit);
            case CHOICE -> "one of " + String.join(", ", choices) + "; default " + defaultValue;
            case FLAG -> "true or false; default " + defaultValue;
            case TEXT -> "text of up to " + format(max) + " characters; default \"" + defaultValue + "\"";
            case CODE -> "code of up to " + format(max) + " characters";
        };
    }

    private static Double parseNumber(Object raw) {
        try {
            return raw == null ? null : Double.valueOf(raw.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean parseFlag(Object raw) {
        String text = raw == null ? "" : raw.toString().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String problemWith(Kind kind, Object value, double min, double max, List<String> choices,
            String unit) {
        return switch (kind) {
            case INTEGER, DECIMAL -> {
                if (!(value instanceof Double d)) {
                    yield "is not a number";
                }
                if (d.isNaN() || d < min || d > max) {
                    yield "is out of range: it must lie in [" + format(min) + ", " + format(max) + "]"
                            + (unit.isEmpty() ? "" : " " + unit);
                }
                yield kind == Kind.INTEGER && d != Math.rint(d) ? "must be a whole number" : null;
            }
            case CHOICE -> value instanceof String s && choices.contains(s) ? null
                    : "is not one of the choices: " + String.join(", ", choices);
            case FLAG -> value instanceof Boolean ? null : "must be true or false";
            case TEXT, CODE -> !(value instanceof String s) ? "is not text"
                    : s.length() > max ? "is too long: at most " + format(max) + " characters" : null;
        };
    }

    /** Numbers without a needless ".0"; anything else as its text. */
    public static String format(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
