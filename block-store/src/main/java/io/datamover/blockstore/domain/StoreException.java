package io.datamover.blockstore.domain;

/** A request the store cannot carry out, with the {@link Reason} and, when one is at fault, the request field. */
public class StoreException extends RuntimeException {

    private final Reason reason;
    private final String field;

    public StoreException(Reason reason, String message, String field) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public static StoreException invalid(String field, String message) {
        return new StoreException(Reason.INVALID_ARGUMENT, message, field);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, null when none is. */
    public String field() {
        return field;
    }

    /** Why a request failed; {@link #httpStatus()} is its status in the HTTP API. */
    public enum Reason {
        INVALID_ARGUMENT(400),
        VOLUME_NOT_FOUND(404),
        SNAPSHOT_NOT_FOUND(404),
        /** The base of a delta is not (or no longer) retained: the caller must fall back to a full copy. */
        BASE_NOT_RETAINED(404),
        VOLUME_EXISTS(409),
        SNAPSHOT_EXISTS(409),
        FROZEN(409),
        /** A workload wrote to a replica, or asked a replica for a snapshot only an apply may seal. */
        REPLICA_NOT_WRITABLE(409),
        NOT_A_REPLICA(409),
        NOT_FROZEN(409),
        /** A snapshot that a clone reads from or that someone holds cannot be deleted. */
        SNAPSHOT_IN_USE(409),
        /** A delta's base does not match the replica's consistent snapshot. */
        BASE_MISMATCH(409),
        /** A replica with no consistent snapshot cannot be promoted, nor a primary with no snapshot demoted. */
        NO_CONSISTENT_SNAPSHOT(409),
        /** A primary written since its latest snapshot cannot be demoted: those writes would be lost. */
        UNSNAPSHOTTED_WRITES(409),
        /** Stored content does not match its checksums. */
        CORRUPT(500);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
