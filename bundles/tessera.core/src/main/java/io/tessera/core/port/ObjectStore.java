package io.tessera.core.port;

import java.io.IOException;

/** Where images and results live: an S3 bucket in practice. Keys use {@code /} as separator. */
public interface ObjectStore {

    void put(String key, byte[] content, String contentType) throws IOException;

    /**
     * Stores a file's content without holding it in memory; large files go up in parts, so that
     * one failed part is sent again rather than the whole file.
     */
    void put(String key, java.nio.file.Path file, String contentType) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no object under {@code key} */
    byte[] get(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** The keys that start with {@code prefix}, every page of them. */
    java.util.List<String> keysUnder(String prefix) throws IOException;
}
