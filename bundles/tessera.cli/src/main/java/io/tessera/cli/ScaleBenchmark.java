package io.tessera.cli;

import ij.process.ByteProcessor;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.RequestCounter;
import io.tessera.cloud.local.LocalLayout;
import io.tessera.cloud.local.LocalServices;
import io.tessera.core.batch.BatchClient;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tessera bench scale}: how well the control plane keeps a large cluster busy, simulated
 * on two cores. W workers (oversubscribed), laid out as W ranks of one slot and as one rank of W
 * slots (threads of one JVM), run 8·W jobs whose only work is to hold their rank for
 * 3 s without using a core (the {@code hold} operation of the benchmark-only plugin), so the ideal
 * makespan is 24 s whatever W is; the real one, from the first send to the last final event at
 * the client, says what dispatch loses. Then the control plane's own ceiling: batches of 1,000 jobs
 * that hold nothing, in jobs per second, with both layouts of 4 workers, {@value #CEILING_ROUNDS}
 * batches on each cluster: the first right after the cluster started (the ranks' JIT compilers busy
 * for all of it), the last on JVMs that have run the others, as on a cluster that has been up a
 * while. Each run follows a warm-up batch of two jobs per worker; CPU and requests per job come
 * from the kernel and the ranks' own counts.
 */
final class ScaleBenchmark {
    private static final int JOBS_PER_WORKER = 8;
    private static final int HOLD_MILLIS = 3000;
    private static final int CEILING_JOBS = 1000;
    private static final int CEILING_WORKERS = 4;
    private static final int CEILING_ROUNDS = 3;

    /** How W workers are laid out: {@code ranks} worker ranks (rank 0 aside) of {@code slots} slots each. */
    record Layout(int ranks, int slots) {
        int workers() {
            return ranks * slots;
        }

        /** {@code W}: both W×1 and 1×W (one layout when W is 1); {@code RxS}: that one. */
        static List<Layout> parse(String item) {
            String[] parts = item.strip().toLowerCase(java.util.Locale.ROOT).split("x", -1);
            try {
                if (parts.length == 2) {
                    return List.of(positive(new Layout(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]))));
                }
                if (parts.length != 1) {
                    throw new NumberFormatException();
                }
                int workers = Integer.parseInt(parts[0]);
                Layout ranks = positive(new Layout(workers, 1));
                return workers == 1 ? List.of(ranks) : List.of(ranks, new Layout(1, workers));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "' is neither a worker count (24) nor ranks x slots"
                        + " (2x12), each at least 1");
            }
        }

        private static Layout positive(Layout layout) {
            if (layout.ranks < 1 || layout.slots < 1) {
                throw new NumberFormatException();
            }
            return layout;
        }

        @Override
        public String toString() {
            return ranks + "x" + slots;
        }
    }

    private final PrintStream out;
    private final OperationCatalog catalog;
    private final LocalLayout layout;

    ScaleBenchmark(PrintStream out, OperationCatalog catalog, LocalLayout layout) {
        this.out = out;
        this.catalog = catalog;
        this.layout = layout;
    }

    int run(List<Layout> layouts) throws Exception {
        catalog.require("hold"); // the benchmark plugin must be on this class path and the cluster's
        Path home = Files.createTempDirectory("tessera-bench-scale");
        LocalServices services = new LocalServices(home, layout);
        Path input = home.resolve("one.png");
        Files.write(input, new ImageCodec(1L << 30).encode(new ByteProcessor(64, 64)).bytes());
        out.printf("bench scale: %d jobs per worker holding their rank %d ms each (ideal makespan %.1f s),"
                + " after a warm-up batch%n", JOBS_PER_WORKER, HOLD_MILLIS, JOBS_PER_WORKER * HOLD_MILLIS / 1000.0);
        out.printf("%-8s %-14s %6s %8s %8s %10s   %-44s %s%n", "workers", "ranks x slots", "jobs", "ideal s", "real s",
                "efficiency", "CPU ms per job (s3, sqs, ranks, client)", "requests per job (S3, SQS; client + ranks)");
        try {
            for (Layout layout : layouts) {
                int workers = layout.workers();
                Result r = measure(services, input, layout, JOBS_PER_WORKER * workers, HOLD_MILLIS, 1).get(0);
                double ideal = JOBS_PER_WORKER * HOLD_MILLIS / 1000.0;
                out.printf("%-8d %-14s %6d %8.1f %8.1f %10.3f   %-44s %s%n", workers, layout, r.jobs, ideal, r.seconds,
                        ideal / r.seconds, r.cpu(), r.requests());
            }
            for (Layout layout : Layout.parse(Integer.toString(CEILING_WORKERS))) {
                List<Result> rounds = measure(services, input, layout, CEILING_JOBS, 0, CEILING_ROUNDS);
                for (int i = 0; i < rounds.size(); i++) {
                    Result ceiling = rounds.get(i);
                    out.printf("control plane: %d jobs of 0 ms on %d workers (%s), batch %d of %d on this cluster,"
                            + " in %.1f s: %.1f jobs/s   CPU ms per job %s, requests per job %s%n", ceiling.jobs,
                            CEILING_WORKERS, layout, i + 1, rounds.size(), ceiling.seconds,
                            ceiling.jobs / ceiling.seconds, ceiling.cpu(), ceiling.requests());
                }
            }
        } finally {
            services.down(List.of());
        }
        return Main.OK;
    }

    private record Result(int jobs, double seconds, Map<String, Double> cpuPerJob, double s3PerJob, double sqsPerJob) {
        String cpu() {
            return String.format("%.1f, %.1f, %.1f, %.1f", cpuPerJob.get("s3"), cpuPerJob.get("sqs"),
                    cpuPerJob.get("ranks"), cpuPerJob.get("client"));
        }

        String requests() {
            return String.format("%.2f, %.2f", s3PerJob, sqsPerJob);
        }
    }

    /**
     * Starts a cluster laid out so, warms it, times {@code rounds} batches of {@code jobs} jobs one
     * after the other, and stops it. Requests per job are the same for every round: the ranks
     * count them for their whole life.
     */
    private List<Result> measure(LocalServices services, Path input, Layout layout, int jobs, int holdMillis,
            int rounds) throws Exception {
        Path clusterLog = services.logDir().resolve("cluster.log");
        int logMark = ServiceCosts.lineCount(clusterLog);
        int workers = layout.workers();
        services.up(layout.ranks() + 1, List.of("--slots", Integer.toString(layout.slots()))); // rank 0 coordinates
        ServiceCosts costs = new ServiceCosts(services);
        int warmUp = 2 * workers;
        try (CloudClients clients = new CloudClients(CloudConfig.read(services.configFile()))) {
            String events = "tessera-events-bench-scale";
            clients.createQueue(events);
            BatchClient client = new BatchClient(clients.objectStore(), clients.jobs(), clients.queue(events), events,
                    catalog);
            runBatch(client, input, warmUp, 0);
            Map<String, Long> clientBefore = clients.requests().snapshot();
            record Round(double seconds, Map<String, Double> cpuPerJob) {
            }
            List<Round> timed = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                costs.start();
                long start = System.nanoTime();
                runBatch(client, input, jobs, holdMillis);
                timed.add(new Round((System.nanoTime() - start) / 1e9, costs.cpuMillisPerJob(jobs)));
            }
            int measured = rounds * jobs;
            long clientS3 = clients.requests().total("S3") - RequestCounter.total(clientBefore, "S3");
            long clientSqs = clients.requests().total("SQS") - RequestCounter.total(clientBefore, "SQS");
            clients.deleteQueue(events);
            services.down(List.of("cluster")); // the ranks drain and log what they sent
            // The ranks' counts cover the warm-up too: per job over every job they ran.
            Map<String, Long> ranks = ServiceCosts.rankRequests(clusterLog, logMark);
            double s3PerJob = clientS3 / (double) measured + ranks.get("S3") / (double) (measured + warmUp);
            double sqsPerJob = clientSqs / (double) measured + ranks.get("SQS") / (double) (measured + warmUp);
            return timed.stream().map(r -> new Result(jobs, r.seconds(), r.cpuPerJob(), s3PerJob, sqsPerJob)).toList();
        }
    }

    /** Sends {@code jobs} jobs on the same input and waits until each has a final state. */
    private void runBatch(BatchClient client, Path input, int jobs, int holdMillis) throws Exception {
        List<Path> files = new ArrayList<>(Collections.nCopies(jobs, input));
        List<JobSpec> submitted = client.submit(BatchClient.newBatchName("scale"), files,
                List.of(PipelineStep.parse("hold:ms=" + holdMillis)));
        List<String> failures = new ArrayList<>();
        client.follow(submitted, Duration.ofMinutes(20), event -> {
            if (event.state() == JobState.FAILED) {
                failures.add(event.jobId() + ": " + event.error());
            }
        });
        if (!failures.isEmpty()) {
            throw new IOException(failures.size() + " job(s) failed, first: " + failures.get(0));
        }
    }
}
