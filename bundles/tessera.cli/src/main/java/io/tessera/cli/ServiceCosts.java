package io.tessera.cli;

import io.tessera.cloud.local.LocalServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local servers, the ranks and this client cost during a benchmark, measured from outside
 * the JVMs that do the work: CPU time as the kernel counts it for each process (the cluster's
 * whole tree of mpirun and ranks), and requests as each rank logs them when it stops.
 */
final class ServiceCosts {
    private final LocalServices services;
    private Map<String, Duration> cpuAtStart;

    ServiceCosts(LocalServices services) {
        this.services = services;
    }

    /** Marks the start of the measured part. */
    void start() throws IOException {
        cpuAtStart = cpu();
    }

    /** CPU time per process group since {@link #start}, in milliseconds per job. */
    Map<String, Double> cpuMillisPerJob(int jobs) throws IOException {
        Map<String, Double> perJob = new LinkedHashMap<>();
        cpu().forEach((name, now) -> perJob.put(name,
                (now.toNanos() - cpuAtStart.getOrDefault(name, Duration.ZERO).toNanos()) / 1e6 / jobs));
        return perJob;
    }

    private Map<String, Duration> cpu() throws IOException {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        Map<String, ProcessHandle> processes = services.processes();
        for (String server : List.of("s3", "sqs")) {
            ProcessHandle p = processes.get(server);
            cpu.put(server, p == null ? Duration.ZERO : cpuOf(p));
        }
        ProcessHandle cluster = processes.get("cluster");
        Duration ranks = Duration.ZERO;
        if (cluster != null) {
            for (ProcessHandle p : cluster.descendants().toList()) {
                ranks = ranks.plus(cpuOf(p));
            }
        }
        cpu.put("ranks", ranks);
        cpu.put("client", cpuOf(ProcessHandle.current()));
        return cpu;
    }

    private static Duration cpuOf(ProcessHandle p) {
        return p.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * The S3 and SQS requests the ranks logged when they stopped ({@code event=requests}), summed
     * over the cluster log from {@code fromLine} on.
     */
    static Map<String, Long> rankRequests(Path clusterLog, int fromLine) throws IOException {
        Pattern line = Pattern.compile("event=requests s3=(\\d+) sqs=(\\d+)");
        long s3 = 0;
        long sqs = 0;
        for (String l : linesFrom(clusterLog, fromLine)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                s3 += Long.parseLong(m.group(1));
                sqs += Long.parseLong(m.group(2));
            }
        }
        return Map.of("S3", s3, "SQS", sqs);
    }

    /**
     * What the workers' job threads did per job, from their {@code job-done} lines: milliseconds
     * from start to report, on a core, and ready to run but waiting for one (absent where the
     * kernel does not say). Empty without any job done.
     */
    record JobThreadTimes(double wallMillis, double cpuMillis, Double coreWaitMillis) {
    }

    static java.util.Optional<JobThreadTimes> jobThreadTimes(Path clusterLog, int fromLine) throws IOException {
        Pattern line = Pattern.compile("event=job-done .*? ms=(\\d+) cpu-ms=(\\d+)(?: core-wait-ms=(\\d+))?");
        long jobs = 0;
        long wall = 0;
        long cpu = 0;
        long wait = 0;
        boolean waitKnown = true;
        for (String l : linesFrom(clusterLog, fromLine)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                jobs++;
                wall += Long.parseLong(m.group(1));
                cpu += Long.parseLong(m.group(2));
                if (m.group(3) == null) {
                    waitKnown = false;
                } else {
                    wait += Long.parseLong(m.group(3));
                }
            }
        }
        if (jobs == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new JobThreadTimes(wall / (double) jobs, cpu / (double) jobs,
                waitKnown ? wait / (double) jobs : null));
    }

    /** The log's lines from {@code fromLine} (a {@link #lineCount} taken before) on. */
    private static List<String> linesFrom(Path clusterLog, int fromLine) throws IOException {
        List<String> lines = Files.readAllLines(clusterLog);
        return lines.subList(Math.min(fromLine, lines.size()), lines.size());
    }

    static int lineCount(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }
}
