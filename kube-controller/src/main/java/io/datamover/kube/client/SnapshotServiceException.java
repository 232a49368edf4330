package io.datamover.kube.client;

/** A request the snapshot-service did not carry out, and why: what becomes the reason of a condition. */
public class SnapshotServiceException extends RuntimeException {

    /** Why; each maps to one condition reason. */
    public enum Kind {
        /** No answer: the service is down or the address is wrong. */
        UNREACHABLE("SnapshotServiceUnreachable"),
        /** A 4xx: the request is not acceptable as it is, the answer names the field. */
        REFUSED("SnapshotServiceRefused"),
        /** A 5xx or an answer that cannot be read. */
        FAILED("SnapshotServiceFailed");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final Kind kind;
    private final int status;
    private final String field;

    public SnapshotServiceException(Kind kind, int status, String field, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The field the snapshot-service named, or null. */
    public String field() {
        return field;
    }
}
