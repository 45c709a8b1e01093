package io.tessera.cluster;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.core.job.ClusterStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code tessera-cluster status --config FILE}: what the cluster serving that configuration's
 * jobs queue last published, read from the bucket, so that it works from any machine that
 * reaches S3. Exit code 0 when the cluster reports, 1 when it does not (down, or never started).
 */
public final class ClusterStatusCommand {
    private ClusterStatusCommand() {
    }

    public static void main(String[] args) {
        Path config = null;
        String localRestarts = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[i + 1]);
                case "--local-restarts" -> localRestarts = args[i + 1];
                default -> {
                    System.err.println("usage: tessera-cluster status --config FILE");
                    System.exit(2);
                }
            }
        }
        if (config == null) {
            System.err.println("usage: tessera-cluster status --config FILE");
            System.exit(2);
        }
        try {
            CloudConfig cloud = CloudConfig.read(config);
            try (CloudClients clients = new CloudClients(cloud)) {
                System.exit(print(clients.clusterStatus().orElse(null), cloud, localRestarts, System.out));
            }
        } catch (IOException e) {
            System.err.println("tessera-cluster: " + e.getMessage());
            System.exit(2);
        }
    }

    static int print(ClusterStatus status, CloudConfig cloud, String localRestarts, PrintStream out) {
        if (status == null) {
            out.println("no cluster has reported for the queue " + cloud.jobsQueue() + " in the bucket "
                    + cloud.bucket());
            return 1;
        }
        Instant now = Instant.now();
        out.println(status.summary(now));
        out.printf("  state        %s (rank 0 on %s, started %s, last report %s)%n", status.state(), status.host(),
                status.startedAt(), status.updatedAt());
        out.printf("  ranks        %d: rank 0 coordinates, %d workers%s, %d busy%n", status.ranks(), status.workers(),
                status.slotsPerRank() == 1 ? "" : " (" + status.slotsPerRank() + " slots on each other rank)",
                status.busy());
        if (!status.hostsByRank().isEmpty()) {
            out.printf("  hosts        %s%n", status.ranksByHost());
        }
        if (!status.hostsLeftOut().isEmpty()) {
            out.printf("  left out     %s (did not answer at the last launch; taken back when they answer)%n",
                    String.join(", ", status.hostsLeftOut()));
        }
        out.printf("  jobs         %d done, %d failed, %d cancelled since this start; %.1f jobs/min over the last"
                + " minute%n", status.done(), status.failed(), status.cancelled(), status.jobsPerMinute());
        for (Map.Entry<Integer, Long> rank : status.doneByRank().entrySet()) {
            out.printf("    rank %-4d %d jobs%n", rank.getKey(), rank.getValue());
        }
        out.printf("  restarts     %d%s%n", status.restarts(),
                localRestarts == null ? "" : " (this supervisor's count: " + localRestarts + ")");
        out.printf("  queue        %s, bucket %s%n", cloud.jobsQueue(), cloud.bucket());
        return status.isStale(now) ? 1 : 0;
    }
}
