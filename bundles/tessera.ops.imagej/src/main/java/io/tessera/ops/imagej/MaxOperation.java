package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Max…: see {@link ArithmeticOperation}. */
@Component(service = Operation.class)
public final class MaxOperation extends ArithmeticOperation {
    public MaxOperation() {
        super("max", "Max", "Lowers every pixel above the value to the value (Process › Math › Max…).", value(200, -1e9), (ip, v) -> ip.max(v));
    }
}
