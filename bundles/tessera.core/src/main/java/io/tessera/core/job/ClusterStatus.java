package io.tessera.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the MPI cluster serving one jobs queue is doing, as rank 0 last wrote it to the bucket
 * under {@link #key}. The workbench, {@code tessera status} and {@code tessera-cluster status}
 * read it there, so that nobody needs to reach the cluster's nodes to watch it.
 *
 * @param version      protocol version, {@link JobCodec#VERSION}
 * @param state        {@code running}, {@code draining}, {@code stopped}, or {@code restarting}
 *                     (rank 0 found a hung rank and is restarting the MPI job)
 * @param host         the host rank 0 runs on
 * @param startedAt    when this MPI job started (ISO-8601)
 * @param updatedAt    when rank 0 wrote this (ISO-8601); it writes within a second of a change,
 *                     and at least every {@link #INTERVAL}
 * @param ranks        the MPI job's size; ranks 1… are the workers
 * @param busy         workers running a job (or a strip of one) now
 * @param done         jobs done since this MPI job started, including those found already done
 * @param failed       jobs that ended FAILED since it started
 * @param cancelled    jobs answered CANCELLED since it started (absent from older ranks: 0)
 * @param jobsPerMinute jobs finished (done or failed) over the last minute
 * @param restarts     how often the supervisor restarted the MPI job since it was started
 * @param doneByRank   jobs finished per worker rank since this MPI job started
 * @param mpiLibrary   the MPI library the ranks run on, as it names itself (absent from older ranks)
 * @param hostsByRank  each rank's host, by rank, as MPI names it (absent from older ranks: empty)
 * @param hostsLeftOut nodes of the hostfile that did not answer when this MPI job was launched and
 *                     run nothing now (the supervisor takes them back when they answer)
 * @param slotsPerRank jobs each worker rank runs at once, each on a thread of its own (absent from
 *                     older ranks: 1); the cluster has {@link #workers()} workers
 */
public record ClusterStatus(int version, String state, String host, String startedAt, String updatedAt, int ranks,
        int busy, long done, long failed, long cancelled, double jobsPerMinute, int restarts,
        Map<Integer, Long> doneByRank, String mpiLibrary, java.util.List<String> hostsByRank,
        java.util.List<String> hostsLeftOut, int slotsPerRank) {

    /** Rank 0 writes the status this often; a status much older than that means nobody is writing it. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    public ClusterStatus {
        doneByRank = doneByRank == null ? Map.of() : new TreeMap<>(doneByRank);
        hostsByRank = hostsByRank == null ? java.util.List.of() : java.util.List.copyOf(hostsByRank);
        hostsLeftOut = hostsLeftOut == null ? java.util.List.of() : java.util.List.copyOf(hostsLeftOut);
        slotsPerRank = Math.max(1, slotsPerRank);
    }

    /** Jobs the cluster runs at once: a slot of a worker rank each. */
    public int workers() {
        return (ranks - 1) * slotsPerRank;
    }

    /** The ranks on each host, hosts in the order of their first rank: {@code node1: 0 1 2 · node2: 3 4}. */
    public String ranksByHost() {
        Map<String, java.util.List<Integer>> byHost = new java.util.LinkedHashMap<>();
        for (int rank = 0; rank < hostsByRank.size(); rank++) {
            byHost.computeIfAbsent(hostsByRank.get(rank), h -> new java.util.ArrayList<>()).add(rank);
        }
        return byHost.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(" "))).collect(java.util.stream.Collectors.joining(" · "));
    }

    /** Where the cluster that serves {@code jobsQueue} keeps its status in the bucket. */
    public static String key(String jobsQueue) {
        return "cluster/" + jobsQueue + "/status.json";
    }

    /** True when rank 0 has not written for three intervals: the cluster is down or cannot reach S3. */
    public boolean isStale(Instant now) {
        return Instant.parse(updatedAt).plus(INTERVAL.multipliedBy(3)).isBefore(now);
    }

    /** One line for a person: what runs, how much it did, how it fared. */
    public String summary(Instant now) {
        if (isStale(now)) {
            return "cluster not reporting since " + updatedAt + " (last seen " + state + ", " + ranks + " ranks)";
        }
        if (!state.equals("running")) {
            return "cluster " + state + " at " + updatedAt;
        }
        return String.format(java.util.Locale.ROOT,
                "cluster: %d ranks up on %s (%d worker%s, %d busy) · %d done, %d failed%s · %.1f jobs/min · %d restart%s",
                ranks, hostsByRank.stream().distinct().count() > 1
                        ? hostsByRank.stream().distinct().count() + " hosts (" + ranksByHost() + ")" : host, workers(),
                workers() == 1 ? "" : "s", busy, done, failed,
                cancelled > 0 ? ", " + cancelled + " cancelled" : "", jobsPerMinute, restarts, restarts == 1 ? "" : "s")
                + (hostsLeftOut.isEmpty() ? "" : " · left out, not answering: " + String.join(", ", hostsLeftOut));
    }
}
