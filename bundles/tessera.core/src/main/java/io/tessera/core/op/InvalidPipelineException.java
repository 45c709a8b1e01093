package io.tessera.core.op;

/** A pipeline that cannot run: the message names the problem and, where it helps, the valid choices. */
public class InvalidPipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPipelineException(String message) {
        super(message);
    }
}
