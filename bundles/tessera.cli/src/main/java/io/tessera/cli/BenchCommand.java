package io.tessera.cli;

import io.tessera.cloud.local.LocalLayout;
import io.tessera.core.op.OperationCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bench ops|codecs|pipeline|scale|hosts}: the benchmarks, each printing throughput beside a baseline
 * measured in the same run. Their sample images come from the launcher ({@code -Dtessera.testdata}).
 */
@Command(name = "bench", description = "Measures throughput against a baseline of the same run.")
final class BenchCommand {
    private final PrintStream out;
    private final OperationCatalog catalog;
    private final LocalLayout layout;

    BenchCommand(PrintStream out, OperationCatalog catalog, LocalLayout layout) {
        this.out = out;
        this.catalog = catalog;
        this.layout = layout;
    }

    @Command(name = "ops", description = "Each operation and codec per pixel type, against ImageJ called directly.")
    int ops() throws Exception {
        return new OpsBenchmark(out, catalog).run(samples());
    }

    @Command(name = "codecs", description = "The codecs alone (encode and decode per pixel type, against ImageIO):"
            + " the table that ends 'bench ops'.")
    int codecs() {
        return new OpsBenchmark(out, catalog).codecs(samples());
    }

    @Command(name = "pipeline", description = "The whole path (upload, queue, rank, fetch) against its ceiling "
            + "(the same phases in one JVM), with each local server's CPU per job.")
    int pipeline() throws Exception {
        return new PipelineBenchmark(out, catalog, layout).run(samples(), samples().getParent().getParent());
    }

    @Command(name = "scale", description = "Dispatch with many workers (jobs that hold a rank without a core), "
            + "ideal against real makespan, and the control plane's ceiling with 0-ms jobs.")
    int scale(@Parameters(paramLabel = "WORKERS", split = ",", arity = "0..1", defaultValue = "4,12,24",
            description = "worker counts to try, each as W ranks of one slot and as one rank of W slots; or RxS for "
                    + "R worker ranks of S slots alone (default: ${DEFAULT-VALUE})") List<String> workers)
            throws Exception {
        List<ScaleBenchmark.Layout> layouts = new java.util.ArrayList<>();
        for (String item : workers) {
            layouts.addAll(ScaleBenchmark.Layout.parse(item));
        }
        return new ScaleBenchmark(out, catalog, layout.withPlugin(benchPlugin())).run(layouts);
    }

    @Command(name = "hosts", description = "One rehearsal node against three (root: network namespaces).")
    int hosts() throws Exception {
        return new HostsBenchmark(out, layout, Path.of(System.getProperty("tessera.repo"))).run(samples());
    }

    @Command(name = "peer", description = "Against a one-process Python worker (run by ./tessera, not by this JVM).")
    int peer() {
        out.println("tessera: 'bench peer' is run by the launcher: ./tessera bench peer");
        return Main.ERROR;
    }

    private static Path samples() {
        return Path.of(System.getProperty("tessera.testdata", ""));
    }

    /** The benchmark-only operations (built beside the CLI, never part of the product). */
    private static Path benchPlugin() {
        return Path.of(System.getProperty("tessera.repo"), "bundles/tessera.bench.ops/target/tessera.bench.ops.jar");
    }
}
