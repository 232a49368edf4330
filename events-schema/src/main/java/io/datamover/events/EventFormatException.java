package io.datamover.events;

/** A payload that is not a valid event of its topic; the message says what is wrong with it. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
