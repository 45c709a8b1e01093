package io.tessera.ui.session;

import io.tessera.cloud.local.PluginFolder;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The workbench's catalogue: the operations that bundles registered as OSGi services, the
 * product's and those of the jars in the user's plugins folder ({@link PluginBundles}). Read at
 * start and again at each {@link #reload}; whoever holds this asks {@link #get} for the catalogue
 * of the moment.
 */
public final class RegisteredOperations implements Supplier<OperationCatalog> {

    /** What a reload did: operations that came and went, jars installed or left out, and why. */
    public record Reload(PluginFolder folder, Set<String> added, Set<String> gone, PluginBundles.Changes bundles,
            Map<String, String> refusedOperations) {

        /** For the user: one line per kind of change, or that nothing changed. */
        public String summary() {
            List<String> lines = new ArrayList<>();
            lines.add("Plugins folder: " + folder.dir());
            if (!bundles.installed().isEmpty()) {
                lines.add("Installed: " + String.join(", ", bundles.installed()));
            }
            if (!bundles.updated().isEmpty()) {
                lines.add("Updated: " + String.join(", ", bundles.updated()));
            }
            if (!bundles.removed().isEmpty()) {
                lines.add("Removed: " + String.join(", ", bundles.removed()));
            }
            lines.add("New operations: " + (added.isEmpty() ? "none" : String.join(", ", added)));
            if (!gone.isEmpty()) {
                lines.add("Operations no longer available: " + String.join(", ", gone));
            }
            bundles.refused().forEach((jar, why) -> lines.add("Not loaded: " + jar + ": " + why));
            refusedOperations.forEach((op, why) -> lines.add("Left out: " + op + ": " + why));
            return String.join("\n", lines);
        }

        public boolean problems() {
            return !bundles.refused().isEmpty() || !refusedOperations.isEmpty();
        }
    }

    private final BundleContext context;
    private final PluginBundles plugins;
    private volatile OperationCatalog catalog = new OperationCatalog(List.of());

    public RegisteredOperations(BundleContext context, PluginFolder folder) {
        this.context = context;
        this.plugins = new PluginBundles(context, folder);
    }

    @Override
    public OperationCatalog get() {
        return catalog;
    }

    /** Brings the plugins' bundles in line with their folder, then reads the operations again. */
    public synchronized Reload reload() {
        PluginBundles.Changes changes = plugins.sync();
        Set<String> before = ids(catalog);
        Map<String, String> refused = new LinkedHashMap<>();
        catalog = registered(context, refused);
        Set<String> after = ids(catalog);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> gone = new TreeSet<>(before);
        gone.removeAll(after);
        return new Reload(plugins.folder(), added, gone, changes, refused);
    }

    /** The operations registered at this moment, without looking at the plugins folder. */
    public static OperationCatalog of(BundleContext context) {
        return registered(context, new LinkedHashMap<>());
    }

    /**
     * The registered operations as one catalogue. The product's come first; a plugin's operation
     * that claims an id or alias already taken is left out (with the catalogue's reason) rather
     * than taking the workbench down with it.
     */
    private static OperationCatalog registered(BundleContext context, Map<String, String> refused) {
        List<ServiceReference<Operation>> refs;
        try {
            refs = new ArrayList<>(context.getServiceReferences(Operation.class, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        refs.sort(Comparator.comparing((ServiceReference<Operation> ref) -> fromPlugin(ref))
                .thenComparing(ref -> ref.getBundle().getBundleId()));
        List<Operation> accepted = new ArrayList<>();
        for (ServiceReference<Operation> ref : refs) {
            Operation op = context.getService(ref);
            if (op == null) {
                continue;
            }
            List<Operation> with = new ArrayList<>(accepted);
            with.add(op);
            try {
                new OperationCatalog(with);
                accepted.add(op);
            } catch (IllegalStateException clash) {
                refused.put(op.id() + " (" + ref.getBundle().getSymbolicName() + ")", clash.getMessage());
            }
        }
        return new OperationCatalog(accepted);
    }

    private static boolean fromPlugin(ServiceReference<?> ref) {
        return ref.getBundle().getLocation().startsWith(PluginBundles.LOCATION);
    }

    private static Set<String> ids(OperationCatalog catalog) {
        Set<String> ids = new TreeSet<>();
        catalog.operations().forEach(op -> ids.add(op.id()));
        return ids;
    }
}
