package io.tessera.core.op;

import java.util.Map;

/** Values of an operation's parameters after validation: every declared one is present and in range. */
public final class ParameterValues {
    private final Map<String, Double> values;

    ParameterValues(Map<String, Double> values) {
        this.values = Map.copyOf(values);
    }

    public double decimal(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return value;
    }

    public int integer(String name) {
        return (int) Math.round(decimal(name));
    }

    public Map<String, Double> asMap() {
        return values;
    }
}
