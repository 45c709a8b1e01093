package io.tessera.cli;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line's side of the {@link CommandServer}: hands a command to the server of this
 * home and relays what it prints and its exit code, so that the JVM started for the command
 * loads no SDK, no picocli and no ImageJ. Empty whenever the server cannot take the command (none
 * running, busy with another, another build, other settings): the command then runs in this JVM
 * as it always did, so the server only ever makes a command faster.
 */
final class CommandClient {
    /** How long a stopped client waits for the server to finish what Ctrl+C does (keep the batch's record). */
    private static final long INTERRUPT_GRACE_SECONDS = 15;

    private CommandClient() {
    }

    /** Runs {@code args} on the home's command server, or says (empty) that it did not. */
    static OptionalInt runOnTheServer(Path home, String[] args) {
        if (args.length == 0 || !CommandWire.SERVED.contains(args[0])
                || "off".equals(System.getenv(CommandWire.SWITCH))) {
            return OptionalInt.empty();
        }
        Path socket = CommandWire.socket(home);
        if (!Files.exists(socket)) {
            return OptionalInt.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalInt.empty(); // a socket left by a server that is gone
        }
        try {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            request.writeInt(CommandWire.MAGIC);
            request.writeInt(CommandWire.VERSION);
            request.writeByte(CommandWire.RUN);
            CommandWire.writeString(request, Path.of("").toAbsolutePath().toString());
            CommandWire.writeString(request, System.getProperty("tessera.tty", ""));
            CommandWire.writeSettings(request, CommandWire.settingsOfThisProcess());
            request.writeInt(args.length);
            for (String arg : args) {
                CommandWire.writeString(request, arg);
            }
            request.flush();
            DataInputStream reply = new DataInputStream(Channels.newInputStream(channel));
            if (reply.readByte() != CommandWire.ACCEPTED) {
                CommandWire.readString(reply); // why: in the server's log too
                channel.close();
                return OptionalInt.empty();
            }
            return OptionalInt.of(relay(channel, request, reply));
        } catch (IOException e) {
            // Refused or gone before accepting: nothing of the command has run.
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket that failed
            }
            return OptionalInt.empty();
        }
    }

    /** Copies the command's output to this process's streams until its exit code comes. */
    private static int relay(SocketChannel channel, DataOutputStream request, DataInputStream reply) {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        CountDownLatch ended = new CountDownLatch(1);
        // Ctrl+C or SIGTERM here: the server does what the command does when stopped in its own JVM
        // (process leaves its batch running and keeps its record for fetch), its last words come
        // through, then this JVM exits as a stopped one does.
        Thread interrupt = new Thread(() -> {
            try {
                synchronized (request) {
                    request.writeByte(CommandWire.INTERRUPT);
                    request.flush();
                }
                ended.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the server is gone: nothing more to wait for
            }
        }, "tessera-ctrl-c");
        Runtime.getRuntime().addShutdownHook(interrupt);
        try {
            while (true) {
                byte kind = reply.readByte();
                if (kind == CommandWire.EXIT) {
                    int code = reply.readInt();
                    ended.countDown();
                    return code;
                }
                byte[] bytes = reply.readNBytes(reply.readInt());
                OutputStream to = kind == CommandWire.OUT ? out : err;
                try {
                    to.write(bytes);
                    to.flush();
                } catch (IOException closed) {
                    // A reader that stopped reading (`| head -1`): as System.out in the command's own
                    // JVM, the output is dropped and the command goes on to its end.
                }
            }
        } catch (EOFException e) {
            say(err, "tessera: the command server stopped before the command ended (see "
                    + "logs/commands.log in the home's local folder)\n");
            return Main.ERROR;
        } catch (IOException e) {
            say(err, "tessera: lost the command server: " + e.getMessage() + "\n");
            return Main.ERROR;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException e) {
                // stopping: the hook is running
            }
            try {
                channel.close();
            } catch (IOException e) {
                // the exit code is in hand
            }
        }
    }

    private static void say(OutputStream err, String line) {
        try {
            err.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            // no stderr left
        }
    }

    /** The pid of the home's command server, if one answers. */
    static OptionalLong ping(Path home) {
        return ask(home, CommandWire.PING);
    }

    /** Whether the home's command server answers and runs the jars it started with (not rebuilt since). */
    static boolean pingCurrent(Path home) {
        Path socket = CommandWire.socket(home);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            DataInputStream reply = request(channel, CommandWire.PING);
            return reply.readByte() == CommandWire.ACCEPTED && reply.readLong() > 0 && reply.readBoolean();
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the home's command server to stop; its pid if one was running. */
    static OptionalLong stop(Path home) {
        return ask(home, CommandWire.STOP);
    }

    private static OptionalLong ask(Path home, byte kind) {
        Path socket = CommandWire.socket(home);
        if (!Files.exists(socket)) {
            return OptionalLong.empty();
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            DataInputStream reply = request(channel, kind);
            return reply.readByte() == CommandWire.ACCEPTED ? OptionalLong.of(reply.readLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static DataInputStream request(SocketChannel channel, byte kind) throws IOException {
        DataOutputStream request = new DataOutputStream(Channels.newOutputStream(channel));
        request.writeInt(CommandWire.MAGIC);
        request.writeInt(CommandWire.VERSION);
        request.writeByte(kind);
        request.flush();
        return new DataInputStream(Channels.newInputStream(channel));
    }
}
