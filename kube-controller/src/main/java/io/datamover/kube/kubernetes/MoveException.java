package io.datamover.kube.kubernetes;

/** A step of a move that could not be carried out; the message names the object and the reason. */
public class MoveException extends RuntimeException {

    public MoveException(String message) {
        super(message);
    }

    public MoveException(String message, Throwable cause) {
        super(message, cause);
    }
}
