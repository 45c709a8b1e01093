package io.tessera.cli;

import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tessera bench hosts} (root): the same 7-rank cluster on one rehearsal node and over
 * three ({@code mpi-cluster/bin/tessera-rehearsal}), the servers in the head namespace, and the
 * same 60-image batch through {@code process}, timed from the first upload to the last result on
 * disk. On one machine the nodes share its cores, so this measures what crossing hosts costs
 * (TCP instead of shared memory, the remote launch), not how a cluster scales with its hosts.
 */
final class HostsBenchmark {
    private static final int RANKS = 7;

    private final PrintStream out;
    private final LocalLayout layout;
    private final Rehearsal rehearsal;

    HostsBenchmark(PrintStream out, LocalLayout layout, Path repo) {
        this.out = out;
        this.layout = layout;
        this.rehearsal = new Rehearsal(repo);
    }

    int run(Path samples) throws Exception {
        Path work = Files.createTempDirectory("tessera-bench-hosts");
        List<Path> inputs = Rehearsal.sixtyDistinctImages(samples, work);
        out.printf("bench hosts: %d images, gaussian-blur sigma=2, %d ranks, servers in the rehearsal's head%n",
                inputs.size(), RANKS);
        for (int round = 1; round <= 2; round++) {
            for (int nodes : List.of(1, 3)) {
                double seconds = batchOn(nodes, (RANKS + nodes - 1) / nodes, inputs, work.resolve(round + "-" + nodes));
                out.printf("round %d, %d node%s: %.1f s, %.2f images/s%n", round, nodes, nodes == 1 ? " " : "s",
                        seconds, inputs.size() / seconds);
            }
        }
        return Main.OK;
    }

    /** A fresh rehearsal of {@code nodes} nodes, a warm-up batch, then the timed one. */
    private double batchOn(int nodes, int slots, List<Path> inputs, Path dir) throws Exception {
        rehearsal.run("up", "--nodes", Integer.toString(nodes), "--slots", Integer.toString(slots));
        LocalServices services = new LocalServices(dir.resolve("home"), layout, rehearsal.head());
        try {
            services.up(RANKS, rehearsal.clusterOptions());
            process(dir, "invert", inputs.subList(0, 12), dir.resolve("warm-up"));
            long start = System.nanoTime();
            process(dir, "gaussian-blur:sigma=2", inputs, dir.resolve("out"));
            return (System.nanoTime() - start) / 1e9;
        } finally {
            services.down(List.of());
            rehearsal.run("down");
        }
    }

    private void process(Path dir, String op, List<Path> inputs, Path outDir) {
        List<String> args = new ArrayList<>(List.of("process", "--op", op, "--out", outDir.toString()));
        inputs.forEach(p -> args.add(p.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8), dir.resolve("home"), layout).run(args.toArray(String[]::new));
        if (code != Main.OK) {
            throw new IllegalStateException("process failed:\n" + err.toString(StandardCharsets.UTF_8));
        }
    }
}
