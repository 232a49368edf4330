package io.datamover.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a changed set was found. */
public enum ChangeMethod {
    /** From changed block tracking: the dirty-block bitmaps between two snapshots. */
    CBT("cbt"),
    /** By comparing block checksums against the last shipped snapshot (CBT was not trusted). */
    CHECKSUM("checksum"),
    /** Every allocated block: the first copy, or no usable base snapshot. */
    FULL("full");

    private final String code;

    ChangeMethod(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
