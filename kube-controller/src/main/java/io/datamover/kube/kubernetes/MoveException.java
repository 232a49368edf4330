package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.ObjectRef;

/**
 * A step of a move that could not be carried out; the message names the object and the reason. A failure that may
 * pass (the API server did not answer, failed, was busy, or an object changed meanwhile) is {@link #mayPass()}: the
 * step is tried again. Any other is reported and left.
 */
public class MoveException extends RuntimeException {

    private final boolean mayPass;
    private final ObjectRef object;

    /** A failure for good, on {@code object} (null: on no single object of the application). */
    public MoveException(String message, ObjectRef object) {
        super(message);
        this.mayPass = false;
        this.object = object;
    }

    public MoveException(String message, ObjectRef object, Throwable cause, boolean mayPass) {
        super(message, cause);
        this.mayPass = mayPass;
        this.object = object;
    }

    public boolean mayPass() {
        return mayPass;
    }

    /** The object the step failed on, or null: the namespace, a list of objects, the export itself. */
    public ObjectRef object() {
        return object;
    }
}
