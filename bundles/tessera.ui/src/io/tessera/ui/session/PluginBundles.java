package io.tessera.ui.session;

import io.tessera.cloud.local.PluginFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The jars of the user's plugins folder as bundles of this workbench: installed, updated when
 * their jar changed, uninstalled when it went. A plugin's operations then register as OSGi
 * services (its {@code @Component}s), as the product's own do. The framework copies each jar into
 * its own storage, so a jar replaced in the folder never pulls classes from under a running bundle.
 */
final class PluginBundles {
    /** Bundles installed from the folder have this location, then the jar's path. */
    static final String LOCATION = "tessera-plugin:";

    /** What one look at the folder changed; {@code refused} names each jar left out and why. */
    record Changes(List<String> installed, List<String> updated, List<String> removed, Map<String, String> refused) {
    }

    private final BundleContext context;
    private final PluginFolder folder;
    /** Each installed jar's size and time when it was installed, to tell a changed jar. */
    private final Map<String, String> installedFrom = new HashMap<>();

    PluginBundles(BundleContext context, PluginFolder folder) {
        this.context = context;
        this.folder = folder;
    }

    PluginFolder folder() {
        return folder;
    }

    /**
     * Brings the bundles in line with the folder. At the first look, a bundle the framework kept
     * from an earlier session is updated from its jar: the jar may have changed while Tessera was
     * closed.
     */
    synchronized Changes sync() {
        List<String> installed = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        List<Bundle> toRefresh = new ArrayList<>();
        List<Bundle> toStart = new ArrayList<>();
        Map<String, Path> jars = new LinkedHashMap<>();
        folder.jars().forEach(jar -> jars.put(LOCATION + jar.toAbsolutePath(), jar));

        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION) && !jars.containsKey(bundle.getLocation())) {
                try {
                    bundle.uninstall();
                    removed.add(name(bundle));
                    toRefresh.add(bundle);
                } catch (BundleException e) {
                    refused.put(name(bundle), "could not be removed: " + e.getMessage());
                }
                installedFrom.remove(bundle.getLocation());
            }
        }
        for (Map.Entry<String, Path> entry : jars.entrySet()) {
            String location = entry.getKey();
            Path jar = entry.getValue();
            String fileName = jar.getFileName().toString();
            try {
                String stamp = Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
                Bundle bundle = context.getBundle(location);
                if (bundle != null && stamp.equals(installedFrom.get(location))) {
                    continue;
                }
                String notABundle = notABundle(jar);
                if (notABundle != null) {
                    if (bundle != null) {
                        bundle.uninstall();
                        removed.add(name(bundle));
                        toRefresh.add(bundle);
                    }
                    refused.put(fileName, notABundle);
                    continue;
                }
                try (InputStream in = Files.newInputStream(jar)) {
                    if (bundle == null) {
                        bundle = context.installBundle(location, in);
                        installed.add(name(bundle));
                    } else {
                        bundle.update(in);
                        updated.add(name(bundle));
                        toRefresh.add(bundle);
                    }
                }
                installedFrom.put(location, stamp);
                toStart.add(bundle);
            } catch (IOException | BundleException | IllegalStateException e) {
                refused.put(fileName, e.getMessage());
            }
        }
        refresh(toRefresh);
        for (Bundle bundle : toStart) {
            try {
                bundle.start();
            } catch (BundleException e) {
                // Most often an import nothing exports: a plugin built against another Tessera.
                refused.put(name(bundle), e.getMessage());
                installed.remove(name(bundle));
                updated.remove(name(bundle));
                try {
                    bundle.uninstall();
                } catch (BundleException gone) {
                    // Left installed, unresolved; the next look tries it again.
                }
                installedFrom.remove(bundle.getLocation());
            }
        }
        return new Changes(installed, updated, removed, refused);
    }

    /** Why a jar cannot be a bundle here, or null. The CLI and the cluster still load such a jar. */
    private static String notABundle(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
                return "not an OSGi bundle (no Bundle-SymbolicName in its manifest), which the workbench needs (the"
                        + " command line and the cluster take plain jars); `tessera new-operation` makes projects that build one";
            }
            return null;
        }
    }

    /** Lets the framework drop the old wiring of updated and removed bundles before anything uses them. */
    private void refresh(List<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(bundles,
                event -> {
                    if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                        done.countDown();
                    }
                });
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A plugin bundle's jar, by its file name: what the user sees in the folder. */
    private static String name(Bundle bundle) {
        return Path.of(bundle.getLocation().substring(LOCATION.length())).getFileName().toString();
    }
}
