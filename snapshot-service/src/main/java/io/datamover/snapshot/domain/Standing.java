package io.datamover.snapshot.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;

/** Whether a protection or group runs at this site: every one of its volumes is a primary here, or not yet. */
public enum Standing {
    /** Every volume exists here and is the primary (frozen by a switchover or not). */
    ACTIVE("active"),
    /** Some volume does not exist here or is a replica: the definition waits for a switchover to this site. */
    STANDBY("standby"),
    /** The block store did not answer. */
    UNKNOWN("unknown");

    private final String code;

    Standing(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Standing of(Collection<VolumeStatus> volumes) {
        return volumes.stream().allMatch(VolumeStatus::isPrimary) ? ACTIVE : STANDBY;
    }
}
