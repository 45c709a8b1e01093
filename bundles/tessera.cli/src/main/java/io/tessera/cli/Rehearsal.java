package io.tessera.cli;

import ij.IJ;
import ij.ImagePlus;
import io.tessera.cloud.local.LocalServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-host cluster rehearsed on this machine ({@code mpi-cluster/bin/tessera-rehearsal}, root),
 * as {@code ./tessera bench hosts} and MultiHostIT use it: the script, where the servers run (its
 * head), and the options that make {@code tessera-cluster} launch its ranks on the nodes.
 */
public final class Rehearsal {
    /** The rehearsal's subnet, as the script's default. */
    public static final String SUBNET = "10.213.0";

    private final Path script;

    public Rehearsal(Path repo) {
        this.script = repo.resolve("mpi-cluster/bin/tessera-rehearsal");
    }

    /** Runs {@code tessera-rehearsal ARGS…} and returns what it printed; fails with that when it fails. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("tessera-rehearsal " + String.join(" ", args) + " failed:\n" + printed);
        }
        return printed;
    }

    /** The head namespace: the servers and the supervisor run there, on the head's address. */
    public LocalServices.Site head() {
        return new LocalServices.Site(SUBNET + ".1", List.of("ip", "netns", "exec", "tsr-head"));
    }

    /**
     * {@code tessera-cluster} options for ranks on the rehearsal's nodes: {@code before} (its own
     * options), the hostfile {@code up} wrote, and for mpirun the rehearsal's agent instead of ssh
     * and MPI's traffic pinned to the subnet.
     */
    public List<String> clusterOptions(String... before) {
        List<String> options = new ArrayList<>(List.of(before));
        options.addAll(List.of("--hostfile", "/run/tessera-rehearsal/hostfile", "--",
                "--mca", "plm_rsh_agent", script + " agent", "--mca", "plm_rsh_no_tree_spawn", "1",
                "--mca", "btl_tcp_if_include", SUBNET + ".0/24", "--mca", "oob_tcp_if_include", SUBNET + ".0/24"));
        return options;
    }

    /**
     * The 33 sample images and 27 of them mirrored (made once in {@code work/mirrored}): 60 inputs,
     * no two alike, since a repeated input would not be run again.
     */
    public static List<Path> sixtyDistinctImages(Path samples, Path work) throws IOException {
        List<Path> inputs;
        try (var files = Files.list(samples)) {
            inputs = new ArrayList<>(files.filter(p -> p.toString().matches(".*\\.(png|jpg)")
                    && !p.toString().contains("truncated")).sorted().toList());
        }
        Path mirrored = work.resolve("mirrored");
        if (!Files.isDirectory(mirrored)) {
            Files.createDirectories(mirrored);
            for (Path sample : List.copyOf(inputs.subList(0, 60 - inputs.size()))) {
                ImagePlus image = IJ.openImage(sample.toString());
                image.getProcessor().flipHorizontal();
                String name = "mirrored-" + sample.getFileName().toString().replaceFirst("\\.jpg$", ".png");
                new ij.io.FileSaver(image).saveAsPng(mirrored.resolve(name).toString());
            }
        }
        try (var made = Files.list(mirrored)) {
            inputs.addAll(made.sorted().toList());
        }
        return inputs;
    }
}
