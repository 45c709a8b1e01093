package io.tessera.core.port;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;

/** Calls that wait out a server's short absence: a restart, a network blip. */
public final class Retry {
    private Retry() {
    }

    /** An I/O call that may be tried again. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, trying again with growing pauses (0.5 s up to 5 s) while it fails with an
     * {@link UnavailableException}, for at most {@code patience}; other failures pass at once.
     */
    public static <T> T whileUnavailable(Duration patience, Call<T> call) throws IOException {
        Instant deadline = Instant.now().plus(patience);
        long pause = 500;
        while (true) {
            try {
                return call.run();
            } catch (UnavailableException e) {
                if (Instant.now().plusMillis(pause).isAfter(deadline)) {
                    throw e;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the server to come back");
                }
                pause = Math.min(5_000, pause * 2);
            }
        }
    }
}
