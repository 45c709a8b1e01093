package io.tessera.cluster;

import ij.Prefs;
import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.op.OperationCatalog;
import io.tessera.ops.imagej.GaussianBlurOperation;
import io.tessera.ops.imagej.ImageCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mpi.MPI;

/**
 * Entry point of every rank under {@code mpirun} (started by {@code bin/tessera-cluster}):
 * {@code ClusterMain --config cloud.properties [--ready-file FILE] [--drain-file FILE]
 * [--heartbeat-file FILE] [--hangs-file FILE] [--restarts N] [--hosts-left-out H,…] [--job-timeout SECONDS] [--strip-pixels N] [--max-pixels N]
 * [--slots N] [--no-macros]}. Rank 0 drains and ends the MPI job when the drain file appears.
 * Every other rank runs {@code --slots} jobs at once (default 1), each on a thread of its own.
 */
public final class ClusterMain {
    private ClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        // (ImageJ's command layer, which a macro's run("…") calls, runs headless here because this
        // jar carries ImageJ's classes as ij1-patcher patches them for that: see the pom.)
        boolean macrosAllowed = !java.util.Arrays.asList(args).contains("--no-macros");
        int slots = slotsOption(args);
        String[] rest = args;
        // Every thread that calls MPI needs MPI_THREAD_MULTIPLE: a rank's slots, and each slot's
        // result uploader, which reports the job it stored while the slot computes the next.
        boolean threadMultiple = MPI.InitThread(args, MPI.THREAD_MULTIPLE) >= MPI.THREAD_MULTIPLE;
        if (slots > 1 && !threadMultiple) {
            ClusterLog.info(MPI.COMM_WORLD.getRank(), "fatal", "error", "--slots " + slots + " needs an MPI library "
                    + "with MPI_THREAD_MULTIPLE (Open MPI's ompi_info says whether it has it); run one slot per rank");
            MPI.Finalize();
            System.exit(2);
        }
        int rank = MPI.COMM_WORLD.getRank();
        int size = MPI.COMM_WORLD.getSize();
        Path config = null;
        Path readyFile = null;
        Path drainFile = null;
        Path heartbeatFile = null;
        Path hangsFile = null;
        int restarts = 0;
        List<String> hostsLeftOut = List.of();
        Duration jobTimeout = Duration.ofMinutes(10);
        long stripPixels = 16_000_000L;
        long maxPixels = 250_000_000L;
        rest = java.util.Arrays.stream(rest).filter(a -> !a.equals("--no-macros")).toArray(String[]::new);
        for (int i = 0; i + 1 < rest.length; i += 2) {
            switch (rest[i]) {
                case "--config" -> config = Path.of(rest[i + 1]);
                case "--ready-file" -> readyFile = Path.of(rest[i + 1]);
                case "--drain-file" -> drainFile = Path.of(rest[i + 1]);
                case "--heartbeat-file" -> heartbeatFile = Path.of(rest[i + 1]);
                case "--hangs-file" -> hangsFile = Path.of(rest[i + 1]);
                case "--restarts" -> restarts = Integer.parseInt(rest[i + 1]);
                case "--hosts-left-out" -> hostsLeftOut = List.of(rest[i + 1].split(","));
                case "--job-timeout" -> jobTimeout = Duration.ofSeconds(Long.parseLong(rest[i + 1]));
                case "--strip-pixels" -> stripPixels = Long.parseLong(rest[i + 1]);
                case "--max-pixels" -> maxPixels = Long.parseLong(rest[i + 1]);
                case "--slots" -> { } // read before MPI started
                default -> throw new IllegalArgumentException("unknown option " + rest[i]);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("usage: ClusterMain --config FILE [--ready-file FILE]");
        }
        if (size < 2) {
            ClusterLog.info(rank, "fatal", "error", "the cluster needs at least 2 ranks: rank 0 coordinates");
            MPI.Finalize();
            System.exit(2);
        }
        // One slot per core: ImageJ must not start thread pools of its own (they would also keep
        // the JVM alive after MPI.Finalize).
        Prefs.setThreads(1);
        List<String> hosts = hostsByRank(size);
        OperationCatalog catalog = OperationCatalog.fromServiceLoader(ClusterMain.class.getClassLoader());
        CloudConfig cloud = CloudConfig.read(config);
        CodePolicy codePolicy = CodePolicy.of(macrosAllowed, cloud.macroKeyBytes());
        try (CloudClients clients = new CloudClients(cloud)) {
            if (rank == 0) {
                ClusterStatusWriter status = new ClusterStatusWriter(clients.objectStore(), cloud.jobsQueue(), hosts,
                        hostsLeftOut, restarts, mpiLibrary(), slots);
                Coordinator coordinator = new Coordinator(MPI.COMM_WORLD, clients, size, slots, drainFile,
                        heartbeatFile, hangsFile, jobTimeout, status);
                Runtime.getRuntime().addShutdownHook(new Thread(coordinator::stop));
                if (readyFile != null) {
                    Files.writeString(readyFile, size + " ranks\n");
                }
                ClusterLog.info(rank, "cluster-ready", "ranks", size, "slots", slots, "operations",
                        catalog.operations().size(),
                        "macros", codePolicy.describe(),
                        "restarts", restarts, "strip-pixels", stripPixels,
                        "gaussian-blur", GaussianBlurOperation.engine(),
                        "hosts", String.join(",", hosts), "hosts-left-out", String.join(",", hostsLeftOut));
                coordinator.run();
                coordinator.stopWorkers();
            } else {
                // The slots share this JVM's compiled code and its S3 client (its connection pool too).
                // Its own runner: a warm-up image is never filtered in strips, whose MPI messages
                // belong to the slots' threads.
                ImageCodec warmUpCodec = new ImageCodec(maxPixels);
                Thread.ofPlatform().name("warm-up").daemon().start(new WarmUp(new JobRunner(clients.objectStore(),
                        catalog, warmUpCodec, Long.MAX_VALUE, (image, job, halo) -> {
                            throw new IllegalStateException("a warm-up image is filtered whole");
                        }, codePolicy), catalog, warmUpCodec, rank, cloud.jobsQueue()));
                List<Thread> threads = new java.util.ArrayList<>();
                for (int slot = 0; slot < slots; slot++) {
                    WorkerSlot self = new WorkerSlot(rank, slot);
                    StripsAcrossRanks strips = new StripsAcrossRanks(MPI.COMM_WORLD, self, catalog);
                    Worker worker = new Worker(MPI.COMM_WORLD, self, slots, new JobRunner(clients.objectStore(),
                            catalog, new ImageCodec(maxPixels), stripPixels, strips, codePolicy), strips,
                            clients.objectStore(), threadMultiple);
                    threads.add(Thread.ofPlatform().name("slot-" + slot).start(worker));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            }
            // What this rank cost the servers, for operators and `tessera bench`.
            ClusterLog.info(rank, "requests", "s3", clients.requests().total("S3"), "sqs",
                    clients.requests().total("SQS"), "by-operation", clients.requests().snapshot().toString()
                            .replace(" ", ""));
        }
        MPI.Finalize();
        System.exit(0);
    }

    /** {@code --slots N}: jobs each worker rank runs at once, each on a thread (1 to {@link Tags#MAX_SLOTS}). */
    private static int slotsOption(String[] args) {
        int at = java.util.Arrays.asList(args).indexOf("--slots");
        if (at < 0) {
            return 1;
        }
        int slots = Integer.parseInt(args[at + 1]);
        if (slots < 1 || slots > Tags.MAX_SLOTS) {
            throw new IllegalArgumentException("--slots must be 1 to " + Tags.MAX_SLOTS + ", not " + slots);
        }
        return slots;
    }

    /** Longest host name exchanged; longer ones are cut (DNS names are at most 253 characters). */
    private static final int HOST_NAME_BYTES = 256;

    /**
     * Every rank's host as MPI names it ({@code MPI_Get_processor_name}), by rank, known to all
     * ranks: rank 0 tells clients and operators where each job ran.
     */
    private static List<String> hostsByRank(int size) throws mpi.MPIException {
        byte[] mine = java.util.Arrays.copyOf(MPI.getProcessorName().getBytes(StandardCharsets.UTF_8), HOST_NAME_BYTES);
        byte[] all = new byte[HOST_NAME_BYTES * size];
        MPI.COMM_WORLD.allGather(mine, HOST_NAME_BYTES, MPI.BYTE, all, HOST_NAME_BYTES, MPI.BYTE);
        List<String> hosts = new java.util.ArrayList<>();
        for (int r = 0; r < size; r++) {
            int end = r * HOST_NAME_BYTES;
            while (end < (r + 1) * HOST_NAME_BYTES && all[end] != 0) {
                end++;
            }
            hosts.add(new String(all, r * HOST_NAME_BYTES, end - r * HOST_NAME_BYTES, StandardCharsets.UTF_8));
        }
        return hosts;
    }

    /** The MPI library's own name for itself, first line only (Open MPI adds build details after it). */
    private static String mpiLibrary() {
        return MPI.getLibVersion().lines().findFirst().orElse("").strip();
    }
}
