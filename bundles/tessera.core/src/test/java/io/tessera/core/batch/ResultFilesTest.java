package io.tessera.core.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results land in the user's folder without ever replacing what they must keep. */
class ResultFilesTest {
    private static final byte[] ORIGINAL = "the user's original".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESULT = "a result".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEWER_RESULT = "a newer result".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void anInputIsNeverReplacedNotEvenWhenAskedToOverwrite() throws IOException {
        Path input = Files.write(dir.resolve("camera.png"), ORIGINAL);
        ResultFiles.Placed placed = new ResultFiles(dir, List.of(input), true).place("camera.png", RESULT);

        assertArrayEquals(ORIGINAL, Files.readAllBytes(input));
        assertEquals(List.of(new ResultFiles.Kept(input, "an input of this run")), placed.kept());
        assertEquals(dir.resolve("camera-result.png"), placed.path());
        assertArrayEquals(RESULT, Files.readAllBytes(placed.path()));
        assertNoTemporaryFilesLeft();
    }

    @Test
    void anInputReachedThroughAnotherPathIsStillAnInput() throws IOException {
        Path input = Files.write(dir.resolve("camera.png"), ORIGINAL);
        Path sameFileOtherName = dir.resolve("sub/../camera.png");
        Files.createDirectories(dir.resolve("sub"));
        new ResultFiles(dir, List.of(sameFileOtherName), true).place("camera.png", RESULT);
        assertArrayEquals(ORIGINAL, Files.readAllBytes(input));
    }

    @Test
    void aFileTesseraDidNotWriteIsKeptUnlessAskedToOverwrite() throws IOException {
        Path foreign = Files.write(dir.resolve("camera.png"), ORIGINAL);

        ResultFiles.Placed kept = ResultFiles.in(dir).place("camera.png", RESULT);
        assertArrayEquals(ORIGINAL, Files.readAllBytes(foreign));
        assertEquals(List.of(foreign), kept.kept().stream().map(ResultFiles.Kept::file).toList());

        ResultFiles.Placed replaced = new ResultFiles(dir, List.of(), true).place("camera.png", RESULT);
        assertEquals(foreign, replaced.path());
        assertEquals(List.of(), replaced.kept());
        assertArrayEquals(RESULT, Files.readAllBytes(foreign));
    }

    @Test
    void runningAgainRefreshesTesserasOwnResultsButNotOnesEditedSince() throws IOException {
        Path first = ResultFiles.in(dir).place("camera.png", RESULT).path();
        assertTrue(ResultFiles.writtenByTesseraAndUnchanged(first), "the file system here keeps user attributes");

        ResultFiles.Placed again = ResultFiles.in(dir).place("camera.png", NEWER_RESULT);
        assertEquals(first, again.path());
        assertEquals(List.of(), again.kept());
        assertArrayEquals(NEWER_RESULT, Files.readAllBytes(first));

        Files.write(first, ORIGINAL); // edited in place by someone: the attribute stays, the bytes differ
        ResultFiles.Placed afterEdit = ResultFiles.in(dir).place("camera.png", RESULT);
        assertArrayEquals(ORIGINAL, Files.readAllBytes(first));
        assertEquals(dir.resolve("camera-result.png"), afterEdit.path());
    }

    @Test
    void twoResultsOfOneRunWithTheSameNameAreBothKept() throws IOException {
        ResultFiles run = ResultFiles.in(dir);
        Path first = run.place("camera.png", RESULT).path();
        Path second = run.place("camera.png", NEWER_RESULT).path();
        assertEquals(dir.resolve("camera-result.png"), second);
        assertArrayEquals(RESULT, Files.readAllBytes(first));
        assertArrayEquals(NEWER_RESULT, Files.readAllBytes(second));
    }

    @Test
    void alternativesKeepTheExtension() {
        assertEquals(Path.of("d/camera-result.png"), ResultFiles.alternative(Path.of("d/camera.png"), 1));
        assertEquals(Path.of("d/camera-result-3.png"), ResultFiles.alternative(Path.of("d/camera.png"), 3));
        assertEquals(Path.of("d/camera.png.provenance-result.json"),
                ResultFiles.alternative(Path.of("d/camera.png.provenance.json"), 1));
    }

    private void assertNoTemporaryFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".part")).toList());
        }
    }
}
