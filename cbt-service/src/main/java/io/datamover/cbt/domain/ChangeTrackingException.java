package io.datamover.cbt.domain;

/** The changed set of a snapshot could not be found; the message names the volume, snapshot and site. */
public class ChangeTrackingException extends RuntimeException {

    public ChangeTrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
