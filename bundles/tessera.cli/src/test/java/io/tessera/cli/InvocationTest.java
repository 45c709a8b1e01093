package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A command run for a client in another folder finds and prints paths as the client typed them. */
class InvocationTest {
    private static final Invocation.Interruptions NONE = whatToDo -> () -> {
    };

    @Test
    void aRelativePathIsTheClientsFolders() {
        Invocation there = new Invocation(Path.of("/home/ann/pics"), new Terminal(false, false), NONE);
        assertTrue(there.elsewhere());
        assertEquals(Path.of("/home/ann/pics/in.png"), there.path("in.png"));
        assertEquals(Path.of("/home/ann/out"), there.path("../out").normalize());
        assertEquals(Path.of("/data/in.png"), there.path("/data/in.png"));
    }

    @Test
    void aPathUnderTheClientsFolderIsPrintedRelativeToIt() {
        Invocation there = new Invocation(Path.of("/home/ann/pics"), new Terminal(false, false), NONE);
        assertEquals(Path.of("out/in.png"), there.shown(Path.of("/home/ann/pics/out/in.png")));
        assertEquals(Path.of("/data/in.png"), there.shown(Path.of("/data/in.png")));
        assertEquals(Path.of("/home/ann/picsfoo/in.png"), there.shown(Path.of("/home/ann/picsfoo/in.png")),
                "a folder whose name only starts like the client's is not under it");
    }

    @Test
    void inItsOwnJvmACommandLeavesPathsToTheJvmAndPrintsThemAlike() {
        Invocation here = new Invocation(null, new Terminal(false, false), NONE);
        assertFalse(here.elsewhere());
        assertEquals(Path.of("in.png"), here.path("in.png"));
        assertEquals(Path.of("in.png"), here.shown(Path.of("in.png").toAbsolutePath()));
        assertEquals(Path.of("out/in.png"), here.shown(Path.of("out/in.png")));
    }
}
