package io.tessera.cli;

import java.util.List;

/**
 * Whether stdout and stderr are terminals, as the launcher saw them ({@code -Dtessera.tty=out,err}
 * with those that are): a JVM cannot tell one stream from the other (on Java 22 and newer
 * {@code System.console()} exists even when output is redirected).
 */
record Terminal(boolean stdout, boolean stderr) {
    static Terminal fromSystemProperty() {
        List<String> streams = List.of(System.getProperty("tessera.tty", "").split(","));
        return new Terminal(streams.contains("out"), streams.contains("err"));
    }

    /**
     * What a batch's output is made of. On a terminal one live line of counts stands for the
     * per-file lines (they come with {@code --verbose}); piped or redirected, the list of results
     * is written as ever, since it is the command's output. Failures are always said.
     */
    record Output(boolean listResults, boolean liveLine, boolean details) {
    }

    Output output(boolean verbose) {
        return new Output(verbose || !stdout, stderr, verbose);
    }
}
