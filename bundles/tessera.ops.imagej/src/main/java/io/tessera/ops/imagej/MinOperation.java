package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Min…: see {@link ArithmeticOperation}. */
@Component(service = Operation.class)
public final class MinOperation extends ArithmeticOperation {
    public MinOperation() {
        super("min", "Min", "Raises every pixel below the value to the value (Process › Math › Min…).", value(20, -1e9), (ip, v) -> ip.min(v));
    }
}
