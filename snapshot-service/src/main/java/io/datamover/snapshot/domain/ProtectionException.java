package io.datamover.snapshot.domain;

/** A protection request or snapshot that cannot be carried out, with the reason and the field at fault. */
public class ProtectionException extends RuntimeException {

    /** Why the request failed; each reason maps to one HTTP status. */
    public enum Reason {
        INVALID(400),
        NOT_FOUND(404),
        NOT_PRIMARY(409),
        CONFLICT(409),
        STORE_UNAVAILABLE(503),
        /** A group's pre hook failed or timed out: no snapshot was taken. */
        HOOK_FAILED(500),
        NOT_READY(503),
        /** The storage failed to take a snapshot, e.g. a VolumeSnapshot reports an error. */
        SNAPSHOT_FAILED(500);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final String field;

    public ProtectionException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public ProtectionException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
    }

    public static ProtectionException invalid(String field, String message) {
        return new ProtectionException(Reason.INVALID, field, "field '" + field + "' " + message);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, or null when the failure is not about one field. */
    public String field() {
        return field;
    }
}
