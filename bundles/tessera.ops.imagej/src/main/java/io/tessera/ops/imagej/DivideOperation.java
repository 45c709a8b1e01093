package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/**
 * ImageJ's Process › Math › Divide…: see {@link ArithmeticOperation}. The value is at least
 * 0.001: dividing by 0 makes ImageJ leave integer images alone and fill 32-bit ones with a value
 * from the desktop's preferences, which a cluster cannot share (to scale up, Multiply).
 */
@Component(service = Operation.class)
public final class DivideOperation extends ArithmeticOperation {
    public DivideOperation() {
        super("divide", "Divide", "Divides every pixel by the value (Process › Math › Divide…); the value is not 0.",
                value(2, 0.001), (ip, v) -> ip.multiply(1.0 / v));
    }
}
