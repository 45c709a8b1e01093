package io.tessera.core.op;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One step of a pipeline as a user wrote it: an operation id and the parameters given explicitly
 * (numbers, booleans or text; the operation's declaration decides what they must be).
 */
public record PipelineStep(String op, Map<String, Object> params) {

    public PipelineStep {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses the CLI syntax {@code id} or {@code id:name=value,name=value}. Only the syntax is
     * checked here; whether the operation and its parameters exist is the catalogue's business.
     */
    public static PipelineStep parse(String text) {
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String id = colon < 0 ? trimmed : trimmed.substring(0, colon);
        if (id.isEmpty()) {
            throw new InvalidPipelineException("'" + text + "' names no operation; write id or id:name=value,…");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (colon >= 0 && colon < trimmed.length() - 1) {
            for (String pair : trimmed.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidPipelineException("'" + pair + "' in '" + text + "' is not name=value");
                }
                params.put(pair.substring(0, eq).strip(), typed(pair.substring(eq + 1).strip()));
            }
        }
        return new PipelineStep(id, params);
    }

    /** Numbers as Double and true/false as Boolean, so that steps read from text equal steps read from JSON. */
    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /**
     * The step for a line of a log or a list: as {@link #toString()}, with a long or multi-line
     * value (a macro's code) cut to its first line and its size.
     */
    public String summary() {
        if (params.isEmpty()) {
            return op;
        }
        return op + ":" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + shortened(Parameter.format(e.getValue())))
                .collect(Collectors.joining(","));
    }

    private static String shortened(String value) {
        String firstLine = value.strip().lines().findFirst().orElse("");
        long lines = value.strip().lines().count();
        if (lines <= 1 && value.length() <= 60) {
            return value;
        }
        return (firstLine.length() > 40 ? firstLine.substring(0, 40) : firstLine) + "… (" + lines + " line"
                + (lines == 1 ? "" : "s") + ", " + value.length() + " characters)";
    }

    @Override
    public String toString() {
        if (params.isEmpty()) {
            return op;
        }
        return op + ":" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + Parameter.format(e.getValue()))
                .collect(Collectors.joining(","));
    }
}
