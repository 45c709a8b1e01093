package io.tessera.ui.tests;

import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The local S3, SQS and a 2-rank cluster for a test class. The workbench was started with
 * -Dtessera.config naming this home's configuration, as ./tessera start arranges; it connects as
 * soon as the file appears.
 */
final class UiServers {
    private UiServers() {
    }

    static LocalServices start() throws Exception {
        LocalServices services = new LocalServices(Path.of(System.getProperty("tessera.home")),
                LocalLayout.fromSystemProperty());
        services.down(List.of()); // whatever an earlier, interrupted run left
        services.up(2);
        return services;
    }

    /** Stops them and prints their logs, which say what went wrong when a test failed. */
    static void stop(LocalServices services) throws Exception {
        services.down(List.of());
        try (var logs = Files.list(services.logDir())) {
            for (Path log : logs.toList()) {
                System.out.println("==== " + log.getFileName() + "\n" + Files.readString(log));
            }
        }
    }
}
