package io.tessera.cluster;

import io.tessera.cli.Main;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the end-to-end tests share: a Tessera home with the local S3 and SQS servers and a
 * supervised {@code mpirun} cluster, the CLI run against it as a user runs it, and the cluster's
 * log to read what happened. Closing it stops everything and prints the servers' logs.
 */
final class TestCluster implements AutoCloseable {
    /** One run of the CLI: its exit code and what it printed. */
    record Run(int code, String out, String err) {
    }

    final Path home;
    final LocalServices services;

    /**
     * The checkout's layout, with the benchmark plugin on the ranks' class path: its {@code hold}
     * operation keeps a worker busy for a known time without using a core.
     */
    static final LocalLayout LAYOUT = LocalLayout.fromSystemProperty().withPlugin(
            Path.of(System.getProperty("tessera.repo"), "bundles/tessera.bench.ops/target/tessera.bench.ops.jar"));

    private TestCluster(Path home, LocalServices.Site site) {
        this.home = home;
        this.services = new LocalServices(home, LAYOUT, site);
    }

    /** Starts the servers and a cluster of {@code ranks} (rank 0 coordinates) with these tessera-cluster options. */
    static TestCluster start(Path home, int ranks, String... clusterOptions) throws IOException {
        return start(home, LocalServices.Site.LOOPBACK, ranks, clusterOptions);
    }

    /** As {@link #start(Path, int, String...)}, with the servers and the supervisor at {@code site}. */
    static TestCluster start(Path home, LocalServices.Site site, int ranks, String... clusterOptions)
            throws IOException {
        TestCluster cluster = new TestCluster(home, site);
        cluster.services.up(ranks, List.of(clusterOptions));
        return cluster;
    }

    /** Runs {@code tessera ARGS…} in this JVM and prints the command and what it printed. */
    Run cli(String... args) {
        return cli(home, args);
    }

    /** {@link #cli(String...)} for a home without a cluster (yet). */
    static Run cli(Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home, LAYOUT).run(args);
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ tessera " + String.join(" ", args) + "\n" + run.out() + run.err() + "(exit " + code + ")");
        return run;
    }

    /** {@link #cli} in the background, for what must happen while a batch runs. */
    CompletableFuture<Run> cliInBackground(List<String> args) {
        return CompletableFuture.supplyAsync(() -> cli(args.toArray(String[]::new)));
    }

    /** {@code process --op OP --out OUT} over {@code inputs}, in the background. */
    CompletableFuture<Run> processInBackground(String op, Path out, List<Path> inputs) {
        List<String> args = new ArrayList<>(List.of("process", "--op", op, "--out", out.toString()));
        inputs.forEach(p -> args.add(p.toString()));
        return cliInBackground(args);
    }

    /** {@code process --out OUT} with {@code pipeline} on one image, which must succeed; returns the result's path. */
    Path processOne(Path input, List<String> pipeline, Path out) {
        List<String> args = new ArrayList<>(List.of("process", "--out", out.toString()));
        pipeline.forEach(step -> args.addAll(List.of("--op", step)));
        args.add(input.toString());
        Run run = cli(args.toArray(String[]::new));
        org.junit.jupiter.api.Assertions.assertEquals(Main.OK, run.code(), run.err());
        String stem = input.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path png = out.resolve(stem + ".png");
        return Files.exists(png) ? png : out.resolve(stem + ".tif");
    }

    /** The cluster's result against the same decoder and pipeline on the whole image, in this JVM. */
    static void assertPixelsEqualWholeImage(io.tessera.core.op.OperationCatalog catalog, Path input,
            List<String> pipeline, Path result) throws IOException {
        ij.ImagePlus decoded;
        try {
            decoded = new io.tessera.ops.imagej.ImageCodec(250_000_000L).decode(Files.readAllBytes(input),
                    input.getFileName().toString());
        } catch (io.tessera.ops.imagej.UnreadableImageException e) {
            throw new AssertionError(input + " cannot be read", e);
        }
        List<io.tessera.core.op.PipelineStep> steps = pipeline.stream().map(io.tessera.core.op.PipelineStep::parse)
                .toList();
        ij.process.ImageProcessor expected = catalog.apply(decoded.getProcessor(), steps);
        ij.ImagePlus actual = ij.IJ.openImage(result.toString());
        org.junit.jupiter.api.Assertions.assertNotNull(actual, "ImageJ cannot open " + result);
        org.junit.jupiter.api.Assertions.assertEquals(expected.getBitDepth(), actual.getBitDepth(),
                "pixel type of " + result);
        io.tessera.ops.imagej.PixelAssertions.assertPixelsEqual(expected, actual.getProcessor(),
                pipeline + " on " + input.getFileName());
    }

    Path log() {
        return services.logDir().resolve("cluster.log");
    }

    /** Where the cluster log ends now: pass it to {@link #logSince} to read what happens next. */
    int logMark() throws IOException {
        return Files.readString(log()).length();
    }

    String logSince(int mark) throws IOException {
        return Files.readString(log()).substring(mark);
    }

    /**
     * Asks {@code probe} every 50 ms until it answers something other than null or false, and
     * returns that answer; fails after {@code timeout}.
     */
    static <T> T await(java.util.concurrent.Callable<T> probe, java.time.Duration timeout) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        while (true) {
            T answer = probe.call();
            if (answer != null && !Boolean.FALSE.equals(answer)) {
                return answer;
            }
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** How often each value of {@code regex}'s first group occurs in {@code text}. */
    static Map<String, Long> countBy(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> hits = new ArrayList<>();
        while (m.find()) {
            hits.add(m.group(1));
        }
        return hits.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Override
    public void close() throws IOException {
        services.down(List.of());
        try (Stream<Path> logs = Files.list(services.logDir())) {
            for (Path log : logs.toList()) {
                System.out.println("==== " + log.getFileName() + "\n" + Files.readString(log));
            }
        }
    }
}
