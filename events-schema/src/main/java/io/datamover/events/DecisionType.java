package io.datamover.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What placement decided for a volume group. */
public enum DecisionType {
    SWITCHOVER("switchover"),
    FAILOVER("failover"),
    RESYNC("resync"),
    ABORT("abort");

    private final String code;

    DecisionType(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
