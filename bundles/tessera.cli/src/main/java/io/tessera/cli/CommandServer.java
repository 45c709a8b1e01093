package io.tessera.cli;

import io.tessera.cloud.local.LocalLayout;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A warm JVM that runs the command line's commands for the clients of one home (started by
 * {@code up}, stopped by {@code down}). A command in a JVM of its own spends most of a second
 * loading and compiling the SDK, picocli and Jackson before its first request, and competes
 * for the cores with the ranks while it does; here that is paid once.
 *
 * <p>It runs a command exactly as the command's own JVM would ({@link Main} with the client's
 * folder, terminals and Ctrl+C), one at a time, and only for a client whose configuration is its
 * own ({@link CommandWire#settingsOfThisProcess()}): anything else is refused, and the client runs
 * the command itself. Only the home's owner reaches the socket (its folder is owner-only).
 */
public final class CommandServer {
    private final Path home;
    private final Map<String, String> settings = CommandWire.settingsOfThisProcess();
    private final String jarsAtStart = jarsSignature();
    /** One command at a time: commands were never written to share a JVM with another. */
    private final Semaphore running = new Semaphore(1);
    private final ServerSocketChannel listener;
    private volatile Session current;
    private volatile boolean retiring;

    private CommandServer(Path home, ServerSocketChannel listener) {
        this.home = home;
        this.listener = listener;
    }

    /**
     * Starts the home's command server unless one answers, and waits until it does; true if it
     * was started here. A server that cannot start costs nothing but speed: commands then run in
     * JVMs of their own, and {@code err} says why.
     */
    static boolean start(Path home, PrintStream err) throws IOException {
        if (CommandClient.ping(home).isPresent()) {
            if (CommandClient.pingCurrent(home)) {
                return false;
            }
            stop(home); // it runs the jars of before a rebuild: a new one replaces it
        }
        Path socket = CommandWire.socket(home);
        if (socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > CommandWire.MAX_SOCKET_PATH) {
            err.println("tessera: no command server for this home: its socket's path " + socket + " is longer than a "
                    + "Unix socket's " + CommandWire.MAX_SOCKET_PATH + " bytes; commands run in their own JVMs");
            return false;
        }
        Path log = home.resolve("local/logs/commands.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                // One long-lived JVM: the serial collector suits its small heap on few cores; C2
                // stays on (hashing an upload runs ten times faster compiled by it).
                "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
        System.getProperties().forEach((name, value) -> {
            if (name.toString().startsWith("tessera.") && !name.equals("tessera.tty")) {
                command.add("-D" + name + "=" + value);
            }
        });
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommandServer.class.getName(),
                home.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (CommandClient.ping(home).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                err.println("tessera: the command server did not start (see " + log + "); commands run in their own "
                        + "JVMs");
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while starting the command server");
            }
        }
        return true;
    }

    /** Stops the home's command server, if one runs, and waits for its JVM to end. */
    static boolean stop(Path home) {
        java.util.OptionalLong pid = askToStop(home);
        pid.ifPresent(CommandServer::awaitEnd);
        return pid.isPresent();
    }

    /**
     * Tells the home's command server to stop (a command it runs is stopped as Ctrl+C stops it)
     * and returns its pid without waiting, so that the rest of {@code down} goes on meanwhile.
     */
    static java.util.OptionalLong askToStop(Path home) {
        java.util.OptionalLong pid = CommandClient.stop(home);
        if (pid.isEmpty()) {
            pid = unanswering(home);
            pid.ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroy)); // SIGTERM: its hook cleans up
        }
        return pid;
    }

    /** Waits for a command server's JVM to end; one still there after 20 s is killed. */
    static void awaitEnd(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            // It stops a command it runs as Ctrl+C would (seconds at most); a zombie counts as ended.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!io.tessera.cloud.local.LocalServices.ended(process)) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    private static Path pidFile(Path home) {
        return home.resolve("local").resolve("commands.pid");
    }

    /** The pid of a command server of this home that runs but does not answer (hung, or its socket removed). */
    private static java.util.OptionalLong unanswering(Path home) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(home)).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(CommandServer.class.getName())).orElse(false))
                    .map(p -> java.util.OptionalLong.of(p.pid())).orElse(java.util.OptionalLong.empty());
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** {@code CommandServer HOME}: serves until {@code STOP} or SIGTERM. */
    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[0]);
        Path socket = CommandWire.socket(home);
        if (CommandClient.ping(home).isPresent()) {
            log("another command server of " + home + " answers already; this one stops");
            return;
        }
        Files.deleteIfExists(socket); // one a server that is gone left
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        // Its pid beside the socket, for a down that finds the server not answering.
        Files.writeString(pidFile(home), Long.toString(ProcessHandle.current().pid()));
        CommandServer server = new CommandServer(home, listener);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "tessera-command-server-stop"));
        log("serving the commands " + CommandWire.SERVED + " of " + home + " on " + socket + ", pid "
                + ProcessHandle.current().pid());
        Thread warmUp = new Thread(server::warmUp, "tessera-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        server.serve();
    }

    private void serve() {
        while (listener.isOpen()) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (listener.isOpen()) {
                    log("accept failed: " + e);
                }
                continue;
            }
            Thread.ofPlatform().name("tessera-command").start(() -> handle(client));
        }
    }

    private void handle(SocketChannel channel) {
        try (channel) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            if (in.readInt() != CommandWire.MAGIC || in.readInt() != CommandWire.VERSION) {
                refuse(out, "another version of the command line's client");
                return;
            }
            byte kind = in.readByte();
            switch (kind) {
                case CommandWire.PING -> {
                    out.writeByte(CommandWire.ACCEPTED);
                    out.writeLong(ProcessHandle.current().pid());
                    out.writeBoolean(jarsSignature().equals(jarsAtStart)); // false: an older build's
                    out.flush();
                }
                case CommandWire.STOP -> {
                    out.writeByte(CommandWire.ACCEPTED);
                    out.writeLong(ProcessHandle.current().pid());
                    out.flush();
                    log("asked to stop");
                    System.exit(0); // the shutdown hook stops a running command as Ctrl+C would
                }
                case CommandWire.RUN -> run(channel, in, out);
                default -> refuse(out, "unknown request " + kind);
            }
        } catch (IOException e) {
            log("a client went away: " + e);
        }
    }

    private void run(SocketChannel channel, DataInputStream in, DataOutputStream out) throws IOException {
        Path cwd = Path.of(CommandWire.readString(in));
        String tty = CommandWire.readString(in);
        Map<String, String> theirs = CommandWire.readSettings(in);
        String[] args = new String[in.readInt()];
        for (int i = 0; i < args.length; i++) {
            args[i] = CommandWire.readString(in);
        }
        if (!CommandWire.SERVED.contains(args.length == 0 ? "" : args[0])) {
            refuse(out, "not a command this server runs: " + String.join(" ", args));
            return;
        }
        if (!jarsSignature().equals(jarsAtStart)) {
            // Rebuilt or reinstalled since this JVM started: its classes are not the client's. It
            // stops once no command runs (a running one ends as it would have).
            refuse(out, "the command line's jars changed since this server started; it stops (./tessera up starts "
                    + "a new one)");
            retiring = true;
            if (running.tryAcquire()) {
                log("stopping: the jars changed");
                System.exit(0);
            }
            return;
        }
        if (!theirs.equals(settings)) {
            refuse(out, "the client's settings differ from this server's: " + differences(theirs));
            return;
        }
        if (!running.tryAcquire()) {
            refuse(out, "busy with another command");
            return;
        }
        try {
            out.writeByte(CommandWire.ACCEPTED);
            out.flush();
            Session session = new Session(out, Thread.currentThread());
            current = session;
            Thread listening = Thread.ofPlatform().daemon().name("tessera-command-interrupt")
                    .start(() -> session.awaitInterrupt(in));
            long started = System.nanoTime();
            int code;
            try (PrintStream stdout = session.stream(CommandWire.OUT); PrintStream stderr = session.stream(CommandWire.ERR)) {
                Invocation invocation = new Invocation(cwd, terminal(tty), session);
                code = new Main(stdout, stderr, home, LocalLayout.fromSystemProperty(), invocation).run(args);
            } catch (RuntimeException | Error e) {
                log("the command " + args[0] + " failed: " + e);
                code = Main.ERROR;
            }
            session.end(code);
            listening.interrupt();
            log(args[0] + " exit " + code + " in " + (System.nanoTime() - started) / 1_000_000 + " ms"
                    + (session.interrupted.get() ? " (interrupted by its client)" : ""));
        } finally {
            current = null;
            Thread.interrupted(); // an interruption is this command's, not the next one's
            if (retiring) {
                log("stopping: the jars changed");
                System.exit(0);
            }
            running.release();
        }
    }

    private static Terminal terminal(String tty) {
        List<String> streams = List.of(tty.split(","));
        return new Terminal(streams.contains("out"), streams.contains("err"));
    }

    private String differences(Map<String, String> theirs) {
        List<String> names = new ArrayList<>();
        java.util.Set<String> all = new java.util.TreeSet<>(theirs.keySet());
        all.addAll(settings.keySet());
        for (String name : all) {
            if (!java.util.Objects.equals(theirs.get(name), settings.get(name))) {
                names.add(name);
            }
        }
        return String.join(", ", names);
    }

    private static void refuse(DataOutputStream out, String why) throws IOException {
        log("refused: " + why);
        out.writeByte(CommandWire.REFUSED);
        CommandWire.writeString(out, why);
        out.flush();
    }

    /**
     * The first command would otherwise pay for loading the operations, picocli and the SDK:
     * {@code ops} and {@code status} run once into nothing (status reads the cluster's last
     * report: a read, no change). Not under the one-command rule; they share nothing with it.
     */
    private void warmUp() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Invocation quiet = new Invocation(Path.of("").toAbsolutePath(), new Terminal(false, false), whatToDo -> () -> {
        });
        for (String[] command : List.of(new String[] {"ops"}, new String[] {"status"},
                new String[] {"process", "--help"})) {
            try {
                new Main(nowhere, nowhere, home, LocalLayout.fromSystemProperty(), quiet).run(command);
            } catch (RuntimeException e) {
                log("warm-up " + command[0] + ": " + e);
            }
        }
    }

    /** SIGTERM or STOP: a command still running is stopped as Ctrl+C stops it, then the socket goes. */
    private void shutDown() {
        Session session = current;
        if (session != null) {
            session.interrupt("the command server is stopping");
        }
        try {
            listener.close();
            Files.deleteIfExists(CommandWire.socket(home));
            Files.deleteIfExists(pidFile(home));
        } catch (IOException e) {
            log("could not remove the socket: " + e);
        }
        log("stopped");
    }

    /** Each class path entry's name, size and time: what a rebuild or reinstall changes. */
    private static String jarsSignature() {
        StringBuilder signature = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.io.File file = new java.io.File(entry);
            signature.append(entry).append(' ').append(file.length()).append(' ').append(file.lastModified()).append('\n');
        }
        return signature.toString();
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " " + line);
    }

    /** One client's command: its output frames, and what it does when the client is stopped. */
    private static final class Session implements Invocation.Interruptions {
        private final DataOutputStream out;
        private final Thread command;
        private final List<Runnable> onInterrupt = new ArrayList<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean interrupted = new AtomicBoolean();

        Session(DataOutputStream out, Thread command) {
            this.out = out;
            this.command = command;
        }

        @Override
        public Registration onInterrupt(Runnable whatToDo) {
            synchronized (onInterrupt) {
                onInterrupt.add(whatToDo);
            }
            return () -> {
                synchronized (onInterrupt) {
                    onInterrupt.remove(whatToDo);
                }
            };
        }

        /** A stream of the command's output whose every write is a frame to the client. */
        PrintStream stream(byte kind) {
            return new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    frame(kind, bytes, offset, length);
                }
            }, true, StandardCharsets.UTF_8);
        }

        private void frame(byte kind, byte[] bytes, int offset, int length) {
            synchronized (out) {
                if (ended.get()) {
                    return; // the client has its exit code, or is gone
                }
                try {
                    out.writeByte(kind);
                    out.writeInt(length);
                    out.write(bytes, offset, length);
                    out.flush();
                } catch (IOException e) {
                    ended.set(true); // gone: its Ctrl+C actions run when its socket closes
                }
            }
        }

        /** Sends the exit code, once: the command's, or 130 if the client was stopped first. */
        void end(int code) {
            synchronized (out) {
                if (ended.getAndSet(true)) {
                    return;
                }
                try {
                    out.writeByte(CommandWire.EXIT);
                    out.writeInt(code);
                    out.flush();
                } catch (IOException e) {
                    // the client is gone
                }
            }
        }

        /** Waits for the client's INTERRUPT, or its end (killed, or closed without one). */
        void awaitInterrupt(DataInputStream in) {
            try {
                while (in.readByte() != CommandWire.INTERRUPT) {
                    // nothing else is sent while a command runs
                }
                interrupt("Ctrl+C or SIGTERM reached the client");
            } catch (IOException e) {
                if (!ended.get()) {
                    interrupt("the client went away");
                }
            }
        }

        /**
         * What the command's own JVM does on Ctrl+C: the command's registered actions (process
         * keeps its batch's record for fetch and says so), then the command stops. The client gets
         * 130, as a shell reports a command stopped by Ctrl+C.
         */
        void interrupt(String why) {
            if (ended.get() || interrupted.getAndSet(true)) {
                return;
            }
            log("interrupting the running command: " + why);
            List<Runnable> actions;
            synchronized (onInterrupt) {
                actions = List.copyOf(onInterrupt);
            }
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log("an interruption action failed: " + e);
                }
            }
            end(130);
            command.interrupt();
        }
    }
}
