package io.tessera.core.port;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where images and results live: an S3 bucket in practice. Keys use {@code /} as separator. An
 * object may carry user metadata: a few named strings (S3 takes at most 2 KB of them, names
 * included, and gives the names back in lower case), stored and read with its content in one
 * request.
 */
public interface ObjectStore {

    default void put(String key, byte[] content, String contentType) throws IOException {
        put(key, content, contentType, Map.of());
    }

    /** Stores {@code content} with {@code metadata} (names in lower case), both in one request. */
    void put(String key, byte[] content, String contentType, Map<String, String> metadata) throws IOException;

    /**
     * Stores a file's content without holding it in memory; large files go up in parts, so that
     * one failed part is sent again rather than the whole file.
     */
    default void put(String key, java.nio.file.Path file, String contentType) throws IOException {
        put(key, file, contentType, Map.of());
    }

    /** As {@link #put(String, java.nio.file.Path, String)}, with {@code metadata} on the object. */
    void put(String key, java.nio.file.Path file, String contentType, Map<String, String> metadata)
            throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no object under {@code key} */
    default byte[] get(String key) throws IOException {
        return read(key).content();
    }

    /**
     * An object's content and its metadata, in one request.
     *
     * @throws java.nio.file.NoSuchFileException when there is no object under {@code key}
     */
    Stored read(String key) throws IOException;

    /** The metadata of the object under {@code key}, or empty when there is no such object. */
    Optional<Map<String, String>> metadata(String key) throws IOException;

    default boolean exists(String key) throws IOException {
        return metadata(key).isPresent();
    }

    /** The keys that start with {@code prefix}, every page of them. */
    java.util.List<String> keysUnder(String prefix) throws IOException;

    /** An object as read: its bytes and its user metadata (names in lower case). */
    record Stored(byte[] content, Map<String, String> metadata) {
        public Stored {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }
}
