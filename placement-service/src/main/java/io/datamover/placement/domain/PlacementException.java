package io.datamover.placement.domain;

/** A request placement cannot answer, with the reason and the field at fault, if any. */
public class PlacementException extends RuntimeException {

    /** Why, each with the HTTP status it answers with. */
    public enum Reason {
        INVALID_INPUT(400),
        UNKNOWN_VOLUME(404),
        UNKNOWN_SITE(404),
        UNKNOWN_GROUP(404),
        CONFLICT(409),
        NOT_READY(503);

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

    public PlacementException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
