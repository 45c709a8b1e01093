package io.tessera.core.op;

import java.util.Map;

/** Values of an operation's parameters after validation: every declared one is present and valid. */
public final class ParameterValues {
    private final Map<String, Object> values;

    ParameterValues(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    public double decimal(String name) {
        return (Double) get(name);
    }

    public int integer(String name) {
        return (int) Math.round(decimal(name));
    }

    public String choice(String name) {
        return (String) get(name);
    }

    public String text(String name) {
        return (String) get(name);
    }

    public boolean flag(String name) {
        return (Boolean) get(name);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return value;
    }
}
