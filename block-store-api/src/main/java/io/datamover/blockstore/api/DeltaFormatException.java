package io.datamover.blockstore.api;

import java.io.IOException;

/** A delta stream is not in {@link DeltaFormat}: a truncated or impossible record. */
public class DeltaFormatException extends IOException {

    public DeltaFormatException(String message) {
        super(message);
    }
}
