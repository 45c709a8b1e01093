package io.tessera.cloud.local;

import java.nio.file.Path;

/** Where Tessera keeps its local state: one rule for the command line, the workbench and the plugins folder. */
public final class TesseraHome {
    private TesseraHome() {
    }

    /**
     * {@code -Dtessera.home} (what a test harness that starts the workbench sets), else
     * {@code TESSERA_HOME} (what the launcher exports), else {@code ~/.tessera}.
     */
    public static Path ofThisProcess() {
        String property = System.getProperty("tessera.home");
        return Path.of(property != null && !property.isBlank() ? property
                : System.getenv().getOrDefault("TESSERA_HOME", System.getProperty("user.home") + "/.tessera"));
    }
}
