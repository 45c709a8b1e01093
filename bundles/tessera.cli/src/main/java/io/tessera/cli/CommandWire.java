package io.tessera.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the command line's client and its {@link CommandServer} say to each other over a Unix
 * socket in the home's owner-only {@code local} folder. Uses nothing beyond {@code java.base}:
 * a client that forwards its command loads only this, {@link CommandClient} and the JDK.
 *
 * <pre>
 * client: MAGIC VERSION kind
 *   RUN:  cwd tty settings args        server: ACCEPTED, then frames OUT|ERR bytes … EXIT code
 *                                              or REFUSED reason (the client runs the command itself)
 *         (while it runs, the client may send INTERRUPT: Ctrl+C or SIGTERM reached it)
 *   PING:                              server: ACCEPTED pid current (false: its jars changed since it started)
 *   STOP:                              server: ACCEPTED pid, and it exits
 * </pre>
 */
final class CommandWire {
    static final int MAGIC = 0x7e55e4a1;
    static final int VERSION = 1;

    static final byte RUN = 1;
    static final byte PING = 2;
    static final byte STOP = 3;

    static final byte ACCEPTED = 1;
    static final byte REFUSED = 0;

    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    static final byte INTERRUPT = 4;

    /** The commands the server runs: those that talk to S3 and SQS, where a warm JVM pays. */
    static final Set<String> SERVED = Set.of("process", "fetch", "status", "check", "dead-letters", "ops");

    /** Set to {@code off} in the environment, and every command runs in its own JVM. */
    static final String SWITCH = "TESSERA_COMMAND_SERVER";

    /** A Unix socket's path holds at most 107 bytes (sun_path). */
    static final int MAX_SOCKET_PATH = 107;

    private CommandWire() {
    }

    static Path socket(Path home) {
        return home.resolve("local").resolve("commands.sock");
    }

    /**
     * Everything of this JVM that decides what a command does besides its arguments, folder and
     * terminal: the environment's {@code TESSERA_*} and {@code AWS_*} (configuration, home, plugins,
     * credentials), the {@code tessera.*} properties the launcher set, and the class path. The
     * server runs a client's command only when its own are the same.
     */
    static Map<String, String> settingsOfThisProcess() {
        Map<String, String> settings = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("TESSERA_") || name.startsWith("AWS_")) {
                settings.put("env " + name, value);
            }
        });
        System.getProperties().forEach((name, value) -> {
            String key = name.toString();
            if (key.startsWith("tessera.") && !key.equals("tessera.tty")) {
                settings.put("property " + key, value.toString());
            }
        });
        settings.put("property java.class.path", System.getProperty("java.class.path"));
        return settings;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 << 20) {
            throw new IOException("not a command of this protocol: a string of " + length + " bytes");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static void writeSettings(DataOutputStream out, Map<String, String> settings) throws IOException {
        out.writeInt(settings.size());
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            writeString(out, setting.getKey());
            writeString(out, setting.getValue());
        }
    }

    static Map<String, String> readSettings(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, String> settings = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            settings.put(readString(in), readString(in));
        }
        return settings;
    }
}
