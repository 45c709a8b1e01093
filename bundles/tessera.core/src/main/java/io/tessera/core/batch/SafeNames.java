package io.tessera.core.batch;

import java.util.Locale;

/**
 * Names that come from outside — a user's file name, an object key, a batch name in an event —
 * made safe to use as one path segment: in a bucket key, a folder on disk, a workspace project.
 * Letters and digits of any script, dot, dash and underscore stay; everything else (slashes,
 * backslashes, colons, control characters, spaces) becomes {@code _}; a name cannot start with a
 * dot, so {@code ..} and hidden files are impossible; and it is at most 200 characters long.
 */
public final class SafeNames {
    private static final int MAX_LENGTH = 200;

    private SafeNames() {
    }

    /** One safe path segment for {@code name}; never empty. */
    public static String segment(String name) {
        String cleaned = (name == null ? "" : name).replaceAll("[^\\p{L}\\p{N}._-]", "_").replaceAll("^\\.+", "_");
        if (cleaned.length() > MAX_LENGTH) {
            // Keep the extension, which decides how the file is opened.
            String extension = extensionOf(cleaned);
            cleaned = cleaned.substring(0, MAX_LENGTH - extension.length()) + extension;
        }
        return cleaned.isEmpty() ? "_" : cleaned;
    }

    /** The last segment of an object key, made safe: what a fetched file is called. */
    public static String lastSegmentOf(String key) {
        String plain = key == null ? "" : key.replace('\\', '/');
        return segment(plain.substring(plain.lastIndexOf('/') + 1));
    }

    static String stemOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.length() - dot <= 10 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
    }
}
