package io.tessera.ui.session;

import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The operations that bundles registered as OSGi services: the workbench's catalogue. */
public final class RegisteredOperations {
    private RegisteredOperations() {
    }

    /** The operations registered at this moment. */
    public static OperationCatalog of(BundleContext context) {
        List<Operation> found = new ArrayList<>();
        try {
            for (ServiceReference<Operation> ref : context.getServiceReferences(Operation.class, null)) {
                Operation op = context.getService(ref);
                if (op != null) {
                    found.add(op);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new OperationCatalog(found);
    }
}
