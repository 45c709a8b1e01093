package io.tessera.ui.tests;

import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local S3, SQS and a 2-rank cluster around a test class, registered with
 * {@code @RegisterExtension static final UiServers SERVERS = new UiServers();}. The workbench was
 * started with -Dtessera.config naming this home's configuration, as ./tessera start arranges; it
 * connects as soon as the file appears.
 */
final class UiServers implements BeforeAllCallback, AfterAllCallback {
    private LocalServices services;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        services = new LocalServices(Path.of(System.getProperty("tessera.home")), LocalLayout.fromSystemProperty());
        services.down(List.of()); // whatever an earlier, interrupted run left
        services.up(2);
    }

    /** Stops them and prints their logs, which say what went wrong when a test failed. */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        services.down(List.of());
        try (var logs = Files.list(services.logDir())) {
            for (Path log : logs.toList()) {
                System.out.println("==== " + log.getFileName() + "\n" + Files.readString(log));
            }
        }
    }

    LocalServices services() {
        return services;
    }
}
