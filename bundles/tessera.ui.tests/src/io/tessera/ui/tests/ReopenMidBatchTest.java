package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.job.JobSpec;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workbench closed in the middle of a batch and opened again: the built product itself is
 * started (as {@code ./tessera start} starts it) on a workspace, closed while the cluster works
 * through the batch, and started again on the same workspace; it picks up the batch's events from
 * the workspace's own queue and fetches what finished meanwhile into the project.
 */
// Each test and each set-up: a hang fails the class instead of stalling the build.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReopenMidBatchTest {
    private static LocalServices services;
    private static Path workspace;

    @BeforeAll
    static void startServersAndCluster() throws Exception {
        Path home = Path.of(System.getProperty("tessera.home") + "-reopen");
        services = new LocalServices(home, LocalLayout.fromSystemProperty());
        services.down(List.of());
        services.up(2);
        workspace = Files.createTempDirectory("tessera-reopen-workspace");
    }

    @AfterAll
    static void stopServersAndCluster() throws Exception {
        services.down(List.of());
    }

    @Test
    void aWorkbenchReopenedMidBatchFetchesWhatFinishedMeanwhile() throws Exception {
        Process first = startWorkbench();
        Path clientId = workspace.resolve(".metadata").resolve("tessera-client-id");
        await("the workbench to connect", Duration.ofSeconds(90), () -> Files.exists(clientId));
        String events = "tessera-events-wb-" + Files.readString(clientId).strip();

        List<Path> inputs = new ArrayList<>();
        Path data = Path.of(System.getProperty("tessera.testdata"));
        for (String name : List.of("camera.png", "coins.png", "moon.png", "astronaut.png", "coffee.png", "chelsea.png")) {
            inputs.add(data.resolve(name));
        }
        OperationCatalog catalog = io.tessera.ui.session.RegisteredOperations.of(
                org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext());
        try (CloudClients clients = new CloudClients(CloudConfig.read(services.configFile()))) {
            // Submitted on the workbench's own events queue, as its Submit button does.
            clients.createQueue(events); // the workbench may be a moment away from creating it
            BatchClient client = new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events,
                    catalog);
            String batch = BatchClient.newBatchName();
            List<JobSpec> jobs = client.submit(batch, inputs, List.of(PipelineStep.parse("median:radius=5")));
            Path results = workspace.resolve(batch).resolve("results");
            await("the first result in the open workbench", Duration.ofSeconds(90), () -> pngs(results) >= 1);
            stop(first);
            int beforeClosing = pngs(results);
            System.out.println("closed the workbench with " + beforeClosing + " of " + jobs.size() + " results fetched");

            await("the cluster to finish the batch", Duration.ofSeconds(120), () -> {
                for (JobSpec job : jobs) {
                    if (!exists(clients, job.resultKeyStem() + ".png")) {
                        return false;
                    }
                }
                return true;
            });
            assertTrue(beforeClosing < jobs.size(), "closed mid-batch: " + beforeClosing + " fetched before");

            Process second = startWorkbench();
            try {
                await("the reopened workbench to fetch the rest", Duration.ofSeconds(90),
                        () -> pngs(results) == jobs.size());
            } finally {
                stop(second);
            }
            assertEquals(jobs.size(), pngs(results));
        }
    }

    /** The built product, as ./tessera start runs it, on {@link #workspace}. */
    private static Process startWorkbench() throws IOException {
        Path product = Path.of(System.getProperty("tessera.repo"),
                "releng/tessera.product/target/products/tessera/linux/gtk/x86_64");
        Path launcher;
        try (Stream<Path> plugins = Files.list(product.resolve("plugins"))) {
            launcher = plugins.filter(p -> p.getFileName().toString().startsWith("org.eclipse.equinox.launcher_"))
                    .findFirst().orElseThrow();
        }
        Path log = Files.createTempFile("tessera-reopen-workbench", ".log");
        System.out.println("starting the workbench; its output in " + log);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED",
                "-Dtessera.config=" + services.configFile(), "-jar", launcher.toString(), "-data", workspace.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process workbench) throws InterruptedException {
        workbench.destroy();
        if (!workbench.waitFor(20, TimeUnit.SECONDS)) {
            workbench.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int pngs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.toString().endsWith(".png")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean exists(CloudClients clients, String key) {
        try {
            return clients.objectStore().exists(key);
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
