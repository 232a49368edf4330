package io.datamover.kube.domain;

/** A request to run a hook that is not carried out at all: the HTTP status to answer and the field at fault. */
public class HookRefusedException extends RuntimeException {

    private final int status;
    private final String field;

    private HookRefusedException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400: the phase, group id or timeout of the request is not one. */
    public static HookRefusedException invalid(String field, String message) {
        return new HookRefusedException(400, field, message);
    }

    /** 404: no ProtectedApplication has the group id. */
    public static HookRefusedException unknownGroup(String message) {
        return new HookRefusedException(404, "groupId", message);
    }

    /** 409: the application has no such hook, or its spec is invalid; {@code field} names the spec's field. */
    public static HookRefusedException noHook(String field, String message) {
        return new HookRefusedException(409, field, message);
    }

    /** 503: the controller has not read the cluster yet. */
    public static HookRefusedException notReady(String message) {
        return new HookRefusedException(503, null, message);
    }

    public int status() {
        return status;
    }

    /** The request or spec field at fault, or null. */
    public String field() {
        return field;
    }
}
