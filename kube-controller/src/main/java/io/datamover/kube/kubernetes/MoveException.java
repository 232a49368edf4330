package io.datamover.kube.kubernetes;

/**
 * A step of a move that could not be carried out; the message names the object and the reason. A failure that may
 * pass (the API server did not answer, failed, was busy, or an object changed meanwhile) is {@link #mayPass()}: the
 * step is tried again. Any other is reported and left.
 */
public class MoveException extends RuntimeException {

    private final boolean mayPass;

    public MoveException(String message) {
        super(message);
        this.mayPass = false;
    }

    public MoveException(String message, Throwable cause, boolean mayPass) {
        super(message, cause);
        this.mayPass = mayPass;
    }

    public boolean mayPass() {
        return mayPass;
    }
}
