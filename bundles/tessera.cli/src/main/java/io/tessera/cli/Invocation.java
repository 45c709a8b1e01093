package io.tessera.cli;

import java.nio.file.Path;

/**
 * What one command runs against besides its arguments: the folder its relative paths are in,
 * which of its streams are terminals, and how it hears of Ctrl+C. A command runs either in a JVM
 * of its own ({@link #ofThisProcess()}) or in the {@link CommandServer} for a client, whose
 * folder, terminal and signals are the client's, not the server's.
 */
record Invocation(Path workingDir, Terminal terminal, Interruptions interruptions) {

    /** A command in its own JVM: the JVM's folder, the launcher's word on terminals, shutdown hooks. */
    static Invocation ofThisProcess() {
        return new Invocation(null, Terminal.fromSystemProperty(), Interruptions.SHUTDOWN_HOOKS);
    }

    /** A path the user typed, relative to where the user typed it. */
    Path path(String given) {
        return workingDir == null ? Path.of(given) : workingDir.resolve(given);
    }

    /**
     * A path as the command prints it: one under the folder the command was given in, relative
     * to that folder ({@code in.png -> out/in.png}), whether the command runs in its own JVM or
     * in the server, which resolves every path it is given against the client's folder.
     */
    Path shown(Path path) {
        Path base = workingDir != null ? workingDir : Path.of("").toAbsolutePath();
        return path.isAbsolute() && path.startsWith(base) ? base.relativize(path) : path;
    }

    /** Whether relative paths must be resolved here rather than by the JVM. */
    boolean elsewhere() {
        return workingDir != null;
    }

    /** How a command hears that the user stopped it (Ctrl+C, SIGTERM). */
    interface Interruptions {
        /**
         * Runs {@code whatToDo} if the command is stopped while the returned registration is open;
         * the command's thread is stopped after it (in its own JVM, the JVM exits).
         */
        Registration onInterrupt(Runnable whatToDo);

        /** Closing it withdraws the action (the command got past the part it guarded). */
        interface Registration extends AutoCloseable {
            @Override
            void close();
        }

        /** In a JVM of its own: Ctrl+C and SIGTERM run the JVM's shutdown hooks, then it exits. */
        Interruptions SHUTDOWN_HOOKS = whatToDo -> {
            Thread hook = new Thread(whatToDo, "tessera-ctrl-c");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already stopping: the hook runs
                }
            };
        };
    }
}
