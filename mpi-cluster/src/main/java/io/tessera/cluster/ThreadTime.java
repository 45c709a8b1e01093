package io.tessera.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the calling thread's time went: on a core, or waiting for one. A job that took longer on a
 * rank than the same work in one JVM either ran slower (more CPU) or ran as fast but waited for a
 * core that another process held (a node with more busy ranks and servers than cores); the job's
 * log line says which, so that an operator need not guess from the machine's load.
 *
 * @param cpuNanos      time the thread ran, user and system
 * @param coreWaitNanos time it was ready to run but not running (Linux's run delay, from
 *                      {@code /proc/thread-self/schedstat}); -1 where the kernel does not say
 */
record ThreadTime(long cpuNanos, long coreWaitNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    static ThreadTime now() {
        return new ThreadTime(THREADS.getCurrentThreadCpuTime(), runDelayNanos());
    }

    /** What this thread spent since {@code earlier}, which it measured itself. */
    ThreadTime since(ThreadTime earlier) {
        return new ThreadTime(cpuNanos - earlier.cpuNanos,
                coreWaitNanos < 0 || earlier.coreWaitNanos < 0 ? -1 : coreWaitNanos - earlier.coreWaitNanos);
    }

    /** Two spans, of one thread or of two (a job's computing and its storing). */
    ThreadTime plus(ThreadTime other) {
        return new ThreadTime(cpuNanos + other.cpuNanos,
                coreWaitNanos < 0 || other.coreWaitNanos < 0 ? -1 : coreWaitNanos + other.coreWaitNanos);
    }

    long cpuMillis() {
        return cpuNanos / 1_000_000;
    }

    /** Null where unknown, so that the log leaves it out. */
    Long coreWaitMillis() {
        return coreWaitNanos < 0 ? null : coreWaitNanos / 1_000_000;
    }

    /** The second of schedstat's three numbers: nanoseconds spent runnable on a run queue. */
    private static long runDelayNanos() {
        try {
            String[] fields = Files.readString(SCHEDSTAT).trim().split(" ");
            return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
