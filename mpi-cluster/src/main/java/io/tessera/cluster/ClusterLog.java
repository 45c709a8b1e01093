package io.tessera.cluster;

import java.time.Instant;

/**
 * One line per event, {@code key=value} pairs after a timestamp, so that operators can grep the
 * mpirun log for a job id, a rank or a state.
 */
final class ClusterLog {
    private ClusterLog() {
    }

    static void info(int rank, String event, Object... keyValues) {
        info("rank=" + rank, event, keyValues);
    }

    /** As {@link #info(int, String, Object...)} for a line of one slot of a rank: {@code rank=3 slot=1}. */
    static void info(WorkerSlot where, boolean severalSlots, String event, Object... keyValues) {
        info("rank=" + where.rank() + (severalSlots ? " slot=" + where.slot() : ""), event, keyValues);
    }

    private static void info(String where, String event, Object... keyValues) {
        StringBuilder line = new StringBuilder().append(Instant.now()).append(' ').append(where)
                .append(" event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                continue; // an absent value is left out rather than printed as "null"
            }
            String value = String.valueOf(keyValues[i + 1]);
            line.append(' ').append(keyValues[i]).append('=')
                    .append(value.contains(" ") ? '"' + value.replace("\"", "'") + '"' : value);
        }
        System.out.println(line);
    }
}
