package io.tessera.cli;

import java.io.PrintStream;

/**
 * The one line of a batch's progress on a terminal, rewritten in place ({@code \r}, then erase to
 * the end of the line): done, failed and cancelled of all, images a second, and time left. Any other
 * line printed meanwhile goes above it. Off a terminal it prints nothing but the lines it is given.
 */
final class ProgressLine {
    /** At most four redraws a second: a terminal over ssh need not see every job. */
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream err;
    private final int total;
    private final Terminal.Output output;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private boolean drawn;
    private int done;
    private int failed;
    private int cancelled;

    ProgressLine(PrintStream err, int total, Terminal.Output output) {
        this.err = err;
        this.total = total;
        this.output = output;
    }

    /** A line only {@code --verbose} wants (a job started, a job retried). */
    synchronized void detail(String line) {
        if (output.details()) {
            always(line);
        }
    }

    /** A line everyone sees (a failure, a kept file), above the progress line. */
    synchronized void always(String line) {
        clear();
        err.println(line);
        draw();
    }

    synchronized void counts(int doneNow, int failedNow, int cancelledNow) {
        this.done = doneNow;
        this.failed = failedNow;
        this.cancelled = cancelledNow;
        boolean last = done + failed + cancelled == total;
        if (output.liveLine() && (last || System.nanoTime() - lastDrawNanos >= REDRAW_NANOS)) {
            clear();
            draw();
        }
    }

    /**
     * The closing line: on a terminal always (it replaces the live line), otherwise when something
     * has no result, so that a script's log says how many.
     */
    synchronized void finish() {
        clear();
        if (output.liveLine() || failed + cancelled > 0) {
            err.println(text(false));
        }
    }

    /** Leaves the line as it stands, and moves below it (Ctrl+C: what follows is a message). */
    synchronized void abandon() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    synchronized String text(boolean live) {
        StringBuilder line = new StringBuilder("tessera: ").append(done).append(" of ").append(total).append(" done");
        if (failed > 0 || !live) {
            line.append(", ").append(failed).append(" failed");
        }
        if (cancelled > 0 || !live) {
            line.append(", ").append(cancelled).append(" cancelled");
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        int finished = done + failed + cancelled;
        if (finished > 0 && seconds > 0) {
            double rate = finished / seconds;
            line.append(String.format(" · %.1f images/s", rate));
            if (live && finished < total) {
                line.append(" · about ").append(duration((total - finished) / rate)).append(" left");
            } else if (!live) {
                line.append(" · ").append(duration(seconds));
            }
        }
        return line.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(Math.ceil(seconds));
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    private void clear() {
        if (drawn) {
            err.print("\r\033[K");
            drawn = false;
        }
    }

    private void draw() {
        if (output.liveLine()) {
            err.print(text(true));
            err.flush();
            drawn = true;
            lastDrawNanos = System.nanoTime();
        }
    }
}
