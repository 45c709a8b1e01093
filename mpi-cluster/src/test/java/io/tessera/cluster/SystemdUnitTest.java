package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit that operators install ({@code mpi-cluster/systemd/tessera-cluster.service}) as
 * systemd itself reads it: {@code systemd-analyze verify} on the unit with its ExecStart pointed at
 * this checkout's supervisor. systemd-analyze only warns about a directive it cannot parse, so any
 * output at all fails the test; a misspelt copy shows that such a warning is seen.
 */
class SystemdUnitTest {
    // Unit tests run in the module's folder.
    private static final Path UNIT = Path.of("systemd/tessera-cluster.service").toAbsolutePath();
    private static final Path SUPERVISOR = Path.of("bin/tessera-cluster").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void systemdReadsTheUnitWithoutAWord() throws Exception {
        Verified verified = verify(Files.readString(UNIT));
        assertEquals(0, verified.code(), verified.printed());
        assertEquals("", verified.printed().strip(), "systemd-analyze verify said something about the unit");
    }

    @Test
    void aMisspeltDirectiveWouldBeSeen() throws Exception {
        Verified verified = verify(Files.readString(UNIT).replace("KillMode=mixed", "KillMode=mixd"));
        assertFalse(verified.printed().isBlank(), "systemd-analyze verify says nothing about KillMode=mixd");
        assertTrue(verified.printed().contains("KillMode") || verified.printed().contains("kill mode"),
                verified.printed());
    }

    private record Verified(int code, String printed) {
    }

    private Verified verify(String unit) throws IOException, InterruptedException {
        // Where systemd is not installed there is nothing to ask; said in the test report, not hidden.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed here");
        assertTrue(unit.contains("ExecStart=/opt/tessera/bin/tessera-cluster "), "the unit starts the installed supervisor");
        Path copy = dir.resolve("tessera-cluster.service");
        Files.writeString(copy, unit.replace("/opt/tessera/bin/tessera-cluster", SUPERVISOR.toString()));
        Process process = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", copy.toString())
                .redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Verified(process.waitFor(), printed);
    }
}
