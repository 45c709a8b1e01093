package io.tessera.core.job;

/** A message that is not a valid job or event of a version this build understands. */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
