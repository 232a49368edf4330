package io.datamover.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** How consistent a snapshot is: as after a power cut, or with the application quiesced. */
public enum Consistency {
    CRASH("crash"),
    APPLICATION("application");

    private final String code;

    Consistency(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
