package io.tessera.core.port;

import java.io.IOException;

/**
 * The storage or queue server could not be reached, or answered with a temporary error: the same
 * request may well work a little later. Callers retry or put the work back, rather than fail it.
 */
public class UnavailableException extends IOException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
