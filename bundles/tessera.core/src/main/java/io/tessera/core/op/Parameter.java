package io.tessera.core.op;

/**
 * One numeric parameter of an operation, declared once: the palette's form, the CLI syntax and
 * the validation of job messages are all derived from it.
 *
 * @param name         key used in pipelines, JSON and the CLI ({@code sigma})
 * @param label        what a person reads in a form
 * @param defaultValue used when a pipeline step leaves the parameter out
 * @param min          smallest accepted value, inclusive
 * @param max          largest accepted value, inclusive
 * @param integer      whether only whole numbers are accepted
 * @param unit         unit shown beside the value, empty when there is none
 */
public record Parameter(String name, String label, double defaultValue, double min, double max,
        boolean integer, String unit) {

    public Parameter {
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException("default of " + name + " lies outside its bounds");
        }
    }

    public static Parameter decimal(String name, String label, double defaultValue, double min, double max,
            String unit) {
        return new Parameter(name, label, defaultValue, min, max, false, unit);
    }

    public static Parameter integer(String name, String label, int defaultValue, int min, int max, String unit) {
        return new Parameter(name, label, defaultValue, min, max, true, unit);
    }

    /** Returns null when the value is acceptable, otherwise a sentence saying why not. */
    public String problemWith(double value) {
        if (Double.isNaN(value) || value < min || value > max) {
            return name + "=" + format(value) + " is out of range: it must lie in [" + format(min) + ", "
                    + format(max) + "]" + (unit.isEmpty() ? "" : " " + unit);
        }
        if (integer && value != Math.rint(value)) {
            return name + "=" + format(value) + " must be a whole number";
        }
        return null;
    }

    public static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : Double.toString(value);
    }
}
