package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The batch's progress as a terminal shows it, and as a log file gets it. */
class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalOneLineIsRewrittenAndOtherLinesGoAboveIt() {
        Terminal.Output output = new Terminal(true, true).output(false);
        ProgressLine line = new ProgressLine(err, 3, output);
        line.counts(1, 0, 0);
        assertTrue(printed().startsWith("tessera: 1 of 3 done · "), printed());
        assertTrue(printed().contains(" images/s · about ") && printed().endsWith(" left"), printed());
        assertTrue(!printed().contains("\n"), "no new line while it runs: " + printed());

        line.always("tessera: FAILED a.png: not an image");
        String afterFailure = printed();
        // The live line is erased, the failure printed on its own line, the live line drawn again under it.
        int erase = afterFailure.indexOf("\r\033[Ktessera: FAILED a.png: not an image\n");
        assertTrue(erase > 0, afterFailure);
        assertTrue(afterFailure.substring(erase).contains("\ntessera: 1 of 3 done"), afterFailure);

        line.detail("tessera: b.png: running on rank 1");
        assertTrue(!printed().contains("running on rank"), "details only with --verbose");

        line.counts(2, 1, 0);
        line.finish();
        String all = printed();
        String closing = all.substring(all.lastIndexOf("\r\033[K") + 4);
        assertTrue(closing.startsWith("tessera: 2 of 3 done, 1 failed, 0 cancelled · "), closing);
        assertTrue(closing.endsWith(" s\n"), closing);
    }

    @Test
    void offATerminalOnlyTheLinesGivenAndAClosingLineWhenSomethingHasNoResult() {
        ProgressLine clean = new ProgressLine(err, 2, new Terminal(false, false).output(false));
        clean.counts(1, 0, 0);
        clean.counts(2, 0, 0);
        clean.finish();
        assertEquals("", printed(), "a clean run says nothing on stderr");

        ProgressLine cancelled = new ProgressLine(err, 2, new Terminal(false, false).output(false));
        cancelled.counts(1, 0, 0);
        cancelled.always("tessera: cancelled b.png (not run, no result)");
        cancelled.counts(1, 0, 1);
        cancelled.finish();
        assertTrue(printed().startsWith("tessera: cancelled b.png (not run, no result)\n"
                + "tessera: 1 of 2 done, 0 failed, 1 cancelled · "), printed());
        assertTrue(!printed().contains("\r"), printed());
    }

    @Test
    void theListOfResultsIsWrittenWhenStdoutIsNotATerminalOrWithVerbose() {
        assertTrue(new Terminal(false, true).output(false).listResults(), "piped: the list is the output");
        assertTrue(!new Terminal(true, true).output(false).listResults(), "on a terminal: the live line");
        assertTrue(new Terminal(true, true).output(true).listResults(), "--verbose");
        assertTrue(new Terminal(true, true).output(true).details(), "--verbose");
    }
}
