package io.tessera.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.process.ImageProcessor;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ops.imagej.ImageCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code ./tessera bench pipeline}: 200 real-sized images (1–4 megapixels, half gray, half RGB)
 * through local S3, SQS and mpirun with 1 and 2 workers (slots of one worker rank, as the local
 * cluster runs them), against the ceiling measured in the same run: the same decode, pipeline and
 * encode in one JVM straight from local disk, with as many threads as workers. The last line is
 * {@code pipeline/ceiling R} for 2 workers.
 */
final class PipelineBenchmark {
    private static final int IMAGES = 200;
    private static final int WARM_UP_IMAGES = 12;
    private static final List<PipelineStep> PIPELINE = List.of(PipelineStep.parse("gaussian-blur:sigma=2"));

    private final PrintStream out;
    private final OperationCatalog catalog;
    private final LocalLayout layout;
    private final ImageCodec codec = new ImageCodec(250_000_000L);

    PipelineBenchmark(PrintStream out, OperationCatalog catalog, LocalLayout layout) {
        this.out = out;
        this.catalog = catalog;
        this.layout = layout;
    }

    int run(Path samples, Path cache) throws Exception {
        Prefs.setThreads(1);
        List<Path> images = images(samples, cache.resolve("bench-images"));
        double megapixels = 0;
        for (Path image : images) {
            megapixels += megapixelsOf(image);
            // Read whole, untimed, so that both sides find every image in the page cache: a
            // ceiling that read them from the disk once ran 31 s instead of 19 (62 ms an image).
            Files.readAllBytes(image);
        }
        out.printf("%d images, %.0f megapixels in all, pipeline %s%n", images.size(), megapixels, PIPELINE);
        double ratio = 0;
        // The ceiling's JVM runs the first images untimed first, as each worker rank warms up as
        // it starts (and the pipeline is timed once it has): both sides are timed compiled.
        ceiling(images.subList(0, WARM_UP_IMAGES), 1);
        for (int workers : new int[] {1, 2}) {
            Result ceiling = ceiling(images, workers);
            Result pipeline = cluster(images, workers);
            ratio = ceiling.seconds / pipeline.seconds;
            report("ceiling, " + workers + " thread(s)", ceiling, images.size(), megapixels);
            report("pipeline, " + workers + " worker(s)", pipeline, images.size(), megapixels);
            // No schedule finishes before the CPU that every process of the pipeline spent, spread
            // over all of this machine's cores, has run: the ratio no scheduling could beat here.
            int cores = Runtime.getRuntime().availableProcessors();
            double atMost = ceiling.seconds / (pipeline.cpuSeconds / cores);
            out.printf("  pipeline/ceiling with %d: %.3f (at most %.3f with the %.1f s of CPU the pipeline's processes"
                    + " spent, on %d cores)%n", workers, ratio, atMost, pipeline.cpuSeconds, cores);
        }
        out.printf("pipeline/ceiling %.3f%n", ratio);
        return Main.OK;
    }

    /** {@code cpuSeconds}: of the servers, the ranks and the client together; 0 for the ceiling. */
    private record Result(double seconds, Map<String, Long> phaseMillis, double cpuSeconds) {
    }

    private void report(String what, Result result, int count, double megapixels) {
        out.printf("%-28s %6.1f s  %6.2f images/s  %6.2f MP/s   per image:", what, result.seconds,
                count / result.seconds, megapixels / result.seconds);
        result.phaseMillis.forEach((phase, ms) -> out.printf(" %s %.0f ms", phase, ms / (double) count));
        out.println();
    }

    /** Decode, filter, encode from and to local disk in one JVM, {@code threads} at a time. */
    private Result ceiling(List<Path> images, int threads) throws Exception {
        Path outDir = Files.createTempDirectory("tessera-bench-ceiling");
        Map<String, Long> phases = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (Path image : images) {
            done.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                byte[] bytes = Files.readAllBytes(image);
                long t1 = System.nanoTime();
                ImagePlus imp = codec.decode(bytes, image.getFileName().toString());
                long t2 = System.nanoTime();
                ImageProcessor result = catalog.apply(imp.getProcessor(), PIPELINE);
                long t3 = System.nanoTime();
                ImageCodec.Encoded encoded = codec.encode(result);
                long t4 = System.nanoTime();
                Files.write(outDir.resolve(image.getFileName() + encoded.extension()), encoded.bytes());
                long t5 = System.nanoTime();
                phases.merge("disk-read", (t1 - t0) / 1_000_000, Long::sum);
                phases.merge("decode", (t2 - t1) / 1_000_000, Long::sum);
                phases.merge("filter", (t3 - t2) / 1_000_000, Long::sum);
                phases.merge("encode", (t4 - t3) / 1_000_000, Long::sum);
                phases.merge("disk-write", (t5 - t4) / 1_000_000, Long::sum);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(seconds, new TreeMap<>(phases), 0);
    }

    /** Upload, queue, filter on the ranks, and fetch back, as ./tessera process does. */
    private Result cluster(List<Path> images, int workers) throws Exception {
        Path home = Files.createTempDirectory("tessera-bench-home");
        LocalServices services = new LocalServices(home, layout);
        Path clusterLog = services.logDir().resolve("cluster.log");
        // Rank 0 coordinates; the workers are slots of one rank, as `./tessera up` lays them out.
        services.up(2, new LocalClusterSize.Layout(2, workers).clusterOptions());
        awaitWarmUp(clusterLog);
        ServiceCosts costs = new ServiceCosts(services);
        Path outDir = Files.createTempDirectory("tessera-bench-out");
        Map<String, Long> phases = new TreeMap<>();
        try (CloudClients clients = new CloudClients(CloudConfig.read(services.configFile()))) {
            String events = "tessera-events-bench";
            clients.createQueue(events);
            BatchClient client = new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events,
                    catalog);
            // The CPU is counted over the same span as the time, so that the bound printed holds.
            costs.start();
            long start = System.nanoTime();
            List<JobSpec> jobs = client.submit(BatchClient.newBatchName(), images, PIPELINE);
            long submitted = System.nanoTime();
            List<IOException> failures = new ArrayList<>();
            client.follow(jobs, Duration.ofMinutes(30), event -> {
                if (event.state() == JobState.DONE) {
                    event.phases().forEach((phase, ms) -> phases.merge(phase, ms, Long::sum));
                    try {
                        client.fetch(event, outDir);
                    } catch (IOException e) {
                        failures.add(e);
                    }
                } else if (event.state() == JobState.FAILED) {
                    failures.add(new IOException(event.inputKey() + ": " + event.error()));
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            phases.put("upload (client)", (submitted - start) / 1_000_000);
            Map<String, Double> cpu = costs.cpuMillisPerJob(jobs.size());
            long clientS3 = clients.requests().total("S3");
            long clientSqs = clients.requests().total("SQS");
            services.down(List.of("cluster")); // the ranks drain and log what they sent
            Map<String, Long> ranks = ServiceCosts.rankRequests(clusterLog, 0);
            double ranksCpu = cpu.get("ranks");
            out.printf("  %d worker(s): CPU ms per job: S3 server %.0f, SQS server %.0f, ranks %.0f, client %.0f"
                    + " (servers/ranks %.2f); requests per job: S3 %.2f, SQS %.2f (client + ranks)%n", workers,
                    cpu.get("s3"), cpu.get("sqs"), ranksCpu, cpu.get("client"), (cpu.get("s3") + cpu.get("sqs"))
                            / ranksCpu, (clientS3 + ranks.get("S3")) / (double) jobs.size(),
                    (clientSqs + ranks.get("SQS")) / (double) jobs.size());
            // Whether a job ran slower on a rank than in the ceiling, or as fast but waited for a core.
            ServiceCosts.jobThreadTimes(clusterLog, 0).ifPresent(t -> out.printf("  %d worker(s): per job on the"
                    + " worker's thread: %.0f ms from start to report, %.0f ms on a core%s%n", workers, t.wallMillis(),
                    t.cpuMillis(), t.coreWaitMillis() == null ? ""
                            : String.format(", %.0f ms ready but waiting for one", t.coreWaitMillis())));
            double cpuSeconds = cpu.values().stream().mapToDouble(Double::doubleValue).sum() * jobs.size() / 1000;
            return new Result(seconds, phases, cpuSeconds);
        } finally {
            services.down(List.of());
        }
    }

    /** Waits (two minutes at most) until the worker rank has warmed up, as it does after each start. */
    private static void awaitWarmUp(Path clusterLog) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!Files.readString(clusterLog).matches("(?s).*event=warm-up-(done|stopped).*")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the worker rank did not warm up within 2 minutes: see " + clusterLog);
            }
            Thread.sleep(100);
        }
    }

    /** Real samples scaled to 1–4 megapixels, even-numbered gray, odd-numbered RGB; made once and cached. */
    private List<Path> images(Path samples, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> sources;
        try (Stream<Path> all = Files.list(samples)) {
            sources = all.filter(p -> p.toString().matches(".*\\.(png|jpg)") && !p.getFileName().toString()
                    .matches("_.*|truncated.*")).sorted().toList();
        }
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            Path target = dir.resolve(String.format("%03d.png", i));
            if (!Files.exists(target)) {
                ImageProcessor ip = IJ.openImage(sources.get(i % sources.size()).toString()).getProcessor();
                ip = i % 2 == 0 ? ip.convertToByteProcessor() : ip.convertToColorProcessor();
                double megapixels = 1 + (i * 37 % 31) / 10.0;
                double scale = Math.sqrt(megapixels * 1e6 / ((double) ip.getWidth() * ip.getHeight()));
                ip.setInterpolationMethod(ImageProcessor.BILINEAR);
                ip = ip.resize((int) Math.round(ip.getWidth() * scale), (int) Math.round(ip.getHeight() * scale));
                Files.write(target, codec.encode(ip).bytes());
            }
            images.add(target);
        }
        return images;
    }

    private static double megapixelsOf(Path image) throws IOException {
        try (var in = javax.imageio.ImageIO.createImageInputStream(image.toFile())) {
            var reader = javax.imageio.ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            double mp = reader.getWidth(0) * (double) reader.getHeight(0) / 1e6;
            reader.dispose();
            return mp;
        }
    }
}
