package io.tessera.core.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where fetched results land in a folder of the user's, and what they never replace.
 *
 * <p>A result is named after its input's stem, so {@code --out} pointing at the inputs' own folder
 * would put {@code camera.png}'s result exactly where {@code camera.png} is. The rules:
 * <ul>
 * <li>an input of this run is never replaced, not even when asked to overwrite;</li>
 * <li>a file placed earlier in this run is never replaced (two inputs whose results share a name);</li>
 * <li>any other existing file is replaced only when asked to overwrite, or when Tessera wrote it
 * and it is unchanged since: each result carries an extended attribute with the SHA-256 of the
 * bytes Tessera wrote, so running the same command again refreshes its own results but never a
 * file that a person made or edited (on a file system without user attributes, nothing counts as
 * Tessera's, which errs on the side of keeping);</li>
 * <li>a file that is kept stays as it was, the result goes beside it as {@code stem-result.ext}
 * (then {@code stem-result-2.ext}, …), and {@link Placed#kept()} names all that was kept so that the
 * caller can say so.</li>
 * </ul>
 * A result appears whole or not at all: written to a hidden temporary file in the same folder,
 * then linked to its name, which fails rather than replaces if someone made that name meanwhile.
 */
public final class ResultFiles {
    /** The extended attribute that marks a file as Tessera's result: the hex SHA-256 of its bytes. */
    static final String WRITTEN_BY_TESSERA = "tessera.sha256";

    /** Where one result went, and the existing files it did not replace (none, mostly). */
    public record Placed(Path path, List<Kept> kept) {
    }

    /** An existing file left as it was, and why, in words for the user. */
    public record Kept(Path file, String why) {
    }

    private final Path dir;
    private final boolean overwrite;
    private final Set<Object> inputs = new HashSet<>();
    private final Set<Path> placedThisRun = new HashSet<>();

    /**
     * @param inputs the files this run reads, never replaced
     * @param overwrite whether an existing file that Tessera did not write may be replaced
     */
    public ResultFiles(Path dir, Collection<Path> inputs, boolean overwrite) throws IOException {
        this.dir = dir;
        this.overwrite = overwrite;
        for (Path input : inputs) {
            Object key = identity(input);
            if (key != null) {
                this.inputs.add(key);
            }
        }
    }

    /** A folder with no inputs to protect and nothing to overwrite: what a test or a bench wants. */
    public static ResultFiles in(Path dir) throws IOException {
        return new ResultFiles(dir, Set.of(), false);
    }

    /** Writes {@code bytes} as {@code name} in the folder, or beside a file it must keep. */
    public synchronized Placed place(String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path wanted = dir.resolve(SafeNames.segment(name));
        Path temporary = Files.createTempFile(dir, ".tessera-", ".part");
        try {
            Files.write(temporary, bytes);
            markAsTesseras(temporary, bytes);
            List<Kept> kept = new ArrayList<>();
            Path target = wanted;
            for (int n = 1;; n++) {
                if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    String whyKeep = whyKeep(target);
                    if (whyKeep == null) {
                        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                        break;
                    }
                    kept.add(new Kept(target, whyKeep));
                } else if (linkWithoutReplacing(temporary, target)) {
                    break;
                }
                target = alternative(wanted, n);
            }
            placedThisRun.add(target);
            return new Placed(target, List.copyOf(kept));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Null when {@code existing} may be replaced; else the reason to keep it. */
    private String whyKeep(Path existing) throws IOException {
        if (placedThisRun.contains(existing)) {
            return "another result of this run";
        }
        if (!Files.isRegularFile(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "not a regular file";
        }
        if (inputs.contains(identity(existing))) {
            return "an input of this run";
        }
        if (overwrite || writtenByTesseraAndUnchanged(existing)) {
            return null;
        }
        return "not written by Tessera, or changed since; --overwrite replaces it";
    }

    /** {@code camera.png} → {@code camera-result.png}, {@code camera-result-2.png}, … */
    static Path alternative(Path wanted, int n) {
        String name = wanted.getFileName().toString();
        String extension = SafeNames.extensionOf(name);
        String stem = name.substring(0, name.length() - extension.length());
        return wanted.resolveSibling(stem + "-result" + (n == 1 ? "" : "-" + n) + extension);
    }

    /** A hard link fails if the name exists: no window in which a file made meanwhile is replaced. */
    private static boolean linkWithoutReplacing(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // A file system without hard links: check, then move; only a race can replace here.
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(temporary, target);
            return true;
        }
    }

    private static Object identity(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.fileKey() != null ? attributes.fileKey() : file.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private static void markAsTesseras(Path file, byte[] bytes) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            view.write(WRITTEN_BY_TESSERA, StandardCharsets.US_ASCII.encode(io.tessera.core.job.Provenance.sha256(bytes)));
        } catch (IOException | UnsupportedOperationException e) {
            // Not marked: a later run keeps this file instead of refreshing it, which loses nothing.
        }
    }

    static boolean writtenByTesseraAndUnchanged(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return false;
        }
        try {
            if (!view.list().contains(WRITTEN_BY_TESSERA)) {
                return false;
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(WRITTEN_BY_TESSERA));
            view.read(WRITTEN_BY_TESSERA, value);
            value.flip();
            return StandardCharsets.US_ASCII.decode(value).toString().equals(BatchClient.sha256(file));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
