package io.datamover.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a replica stands. */
public enum ReplicaHealth {
    /** No snapshot applied yet: the first copy is under way. */
    INITIALIZING("initializing"),
    /** Consistent at some snapshot; later snapshots may be in flight. */
    REPLICATING("replicating"),
    /** Receiving data: no consumer may read or write it. */
    FROZEN("frozen");

    private final String code;

    ReplicaHealth(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
