package io.tessera.ops.imagej;

import io.tessera.core.op.Operation;
import org.osgi.service.component.annotations.Component;

/** ImageJ's Process › Math › Add…: see {@link ArithmeticOperation}. */
@Component(service = Operation.class)
public final class AddOperation extends ArithmeticOperation {
    public AddOperation() {
        super("add", "Add", "Adds the value to every pixel (Process › Math › Add…).", value(25, -1e9), (ip, v) -> ip.add(v));
    }
}
