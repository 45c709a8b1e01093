package io.tessera.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP sockets a process listens on, read from the kernel ({@code /proc/net/tcp}, {@code tcp6}
 * and the process's file descriptors), as {@code ss -ltnp} would show them: nothing the process
 * says about itself.
 */
final class Listeners {
    /** One listening socket: the address as the kernel has it, and whether it is loopback. */
    record Listener(long pid, String command, String address, boolean loopback) {
    }

    private Listeners() {
    }

    /** The listening sockets of {@code process} and of every process it started. */
    static List<Listener> of(ProcessHandle process) throws IOException {
        Map<String, String[]> listening = listeningByInode();
        List<Listener> found = new ArrayList<>();
        List<ProcessHandle> tree = new ArrayList<>(List.of(process));
        process.descendants().forEach(tree::add);
        for (ProcessHandle p : tree) {
            Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
                for (Path fd : entries) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue; // closed meanwhile
                    }
                    if (target.startsWith("socket:[")) {
                        String[] socket = listening.get(target.substring(8, target.length() - 1));
                        if (socket != null) {
                            found.add(new Listener(p.pid(), p.info().command().orElse("?"), socket[0],
                                    Boolean.parseBoolean(socket[1])));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return found;
    }

    /** inode → {address, loopback} of every socket in state LISTEN (0A). */
    private static Map<String, String[]> listeningByInode() throws IOException {
        Map<String, String[]> byInode = new HashMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) {
                    String hex = f[1].substring(0, f[1].indexOf(':'));
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    byInode.put(f[9], new String[] {describe(hex) + ":" + port, Boolean.toString(isLoopback(hex))});
                }
            }
        }
        return byInode;
    }

    /**
     * The kernel writes addresses as 32-bit words in host (little-endian) order: 127.0.0.1 is
     * {@code 0100007F}; ::1 is {@code 00000000000000000000000001000000}; ::ffff:127.0.0.1 ends in
     * {@code FFFF00000100007F}.
     */
    static boolean isLoopback(String hex) {
        if (hex.length() == 8) {
            return hex.endsWith("7F"); // 127.0.0.0/8
        }
        return hex.equals("00000000000000000000000001000000")
                || hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F");
    }

    private static String describe(String hex) {
        if (hex.length() == 8) {
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        if (hex.startsWith("0000000000000000FFFF0000")) {
            return "[::ffff:" + describe(hex.substring(24)) + "]";
        }
        return hex.equals("0".repeat(32)) ? "[::]" : "[" + hex + "]";
    }
}
