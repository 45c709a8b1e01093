package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Subtract…: see {@link ArithmeticOperation}. */
@Component(service = Operation.class)
public final class SubtractOperation extends ArithmeticOperation {
    public SubtractOperation() {
        super("subtract", "Subtract", "Subtracts the value from every pixel (Process › Math › Subtract…).", value(25, -1e9), (ip, v) -> ip.subtract(v));
    }
}
