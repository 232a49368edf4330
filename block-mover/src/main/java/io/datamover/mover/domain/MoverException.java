package io.datamover.mover.domain;

/** A request the mover refuses, with the HTTP status of its reason and the request field at fault. */
public final class MoverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request is refused. */
    public enum Reason {
        INVALID(400),
        UNAUTHORIZED(401),
        NOT_FOUND(404),
        CONFLICT(409);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;
    private final String field;

    public MoverException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public static MoverException invalid(String field, String message) {
        return new MoverException(Reason.INVALID, field, message);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, null when none is. */
    public String field() {
        return field;
    }
}
