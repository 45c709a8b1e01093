package io.tessera.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names from outside never steer a file out of the folder it is meant for. */
class SafeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "..", ".", "/etc/passwd", "..\\..\\windows\\x.png", "C:\\x.png", "a/../../b",
            "results/b/../../../../tmp/evil.png", "\u0000nul.png", "line\nbreak.png", "~/.ssh/id_rsa", "", " ",
            ".hidden", "名前.png"})
    void aFetchedFileStaysInsideItsFolder(String key) {
        Path folder = Path.of("/work/project/results");
        Path target = folder.resolve(SafeNames.lastSegmentOf(key)).normalize();
        assertEquals(folder, target.getParent(), key + " became " + target);
        String name = target.getFileName().toString();
        assertFalse(name.startsWith("."), name);
        assertTrue(name.matches("[\\p{L}\\p{N}._-]+"), name);
    }

    @ParameterizedTest
    @CsvSource({"camera.png,camera.png", "my photo (1).JPG,my_photo__1_.JPG", "../../x,__.._x", "..,_",
            "Zellkern-Ä.tif,Zellkern-Ä.tif", "a:b*c?.png,a_b_c_.png"})
    void ordinaryNamesStayReadable(String given, String expected) {
        assertEquals(expected, SafeNames.segment(given));
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 1000, 100_000})
    void aVeryLongNameIsCutButKeepsItsExtension(int length) {
        String safe = SafeNames.segment("a".repeat(length) + ".png");
        assertEquals(200, safe.length());
        assertTrue(safe.endsWith(".png"));
    }
}
