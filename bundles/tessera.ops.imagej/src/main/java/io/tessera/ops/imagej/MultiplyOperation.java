package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Multiply…: see {@link ArithmeticOperation}. */
@Component(service = Operation.class)
public final class MultiplyOperation extends ArithmeticOperation {
    public MultiplyOperation() {
        super("multiply", "Multiply", "Multiplies every pixel by the value (Process › Math › Multiply…).", value(1.5, -1e9), (ip, v) -> ip.multiply(v));
    }
}
