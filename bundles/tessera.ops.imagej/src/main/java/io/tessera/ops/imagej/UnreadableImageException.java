package io.tessera.ops.imagej;

/** An input that cannot be decoded; the message says why in words a user understands. */
public class UnreadableImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableImageException(String message) {
        super(message);
    }
}
