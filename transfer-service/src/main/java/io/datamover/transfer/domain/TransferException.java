package io.datamover.transfer.domain;

/**
 * A transfer request that cannot be served. The {@link Reason} decides the HTTP status the target
 * answers with, and tells the source whether trying again can help.
 */
public class TransferException extends RuntimeException {

    /** Why a request failed; the code travels in error bodies so that the source can decide what to do. */
    public enum Reason {
        INVALID_REQUEST(400, false),
        UNKNOWN_TRANSFER(404, true),
        VOLUME_MISMATCH(409, false),
        NOT_A_REPLICA(409, false),
        BASE_MISMATCH(409, false),
        MISSING_CHUNKS(409, true),
        DIGEST_MISMATCH(409, true),
        CHUNK_CONFLICT(409, false),
        CHECKSUM_MISMATCH(422, true),
        STAGING_FAILED(500, true),
        STORE_REJECTED(409, false),
        STORE_FAILED(502, true),
        PEER_UNREACHABLE(503, true),
        NO_PEER(0, false),
        SOURCE_READ_FAILED(0, false);

        private final int httpStatus;
        private final boolean retryable;

        Reason(int httpStatus, boolean retryable) {
            this.httpStatus = httpStatus;
            this.retryable = retryable;
        }

        /** The status the target answers with; 0 for failures that never leave the source. */
        public int httpStatus() {
            return httpStatus;
        }

        /** Whether another attempt of the same transfer can succeed. */
        public boolean retryable() {
            return retryable;
        }

        /** The status a target answers with when this reason fails a request: 500 for one that should not. */
        public int answerStatus() {
            return httpStatus == 0 ? 500 : httpStatus;
        }

        /**
         * The reason of a target's error answer: the one it names, else one from its status (404: unknown transfer,
         * 5xx: unreachable, retried; any other: an invalid request).
         */
        public static Reason ofAnswer(String name, int status) {
            for (Reason reason : values()) {
                if (reason.name().equals(name)) {
                    return reason;
                }
            }
            return status == 404 ? UNKNOWN_TRANSFER : status >= 500 ? PEER_UNREACHABLE : INVALID_REQUEST;
        }
    }

    private final Reason reason;
    private final String field;

    public TransferException(Reason reason, String message) {
        this(reason, null, message, null);
    }

    public TransferException(Reason reason, String field, String message) {
        this(reason, field, message, null);
    }

    public TransferException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, null when none is. */
    public String field() {
        return field;
    }
}
