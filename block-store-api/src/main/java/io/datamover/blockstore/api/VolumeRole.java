package io.datamover.blockstore.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Whether a volume takes application writes here or receives them from another site. */
public enum VolumeRole {
    /** Takes application writes; its snapshots are shipped to the replicas. */
    PRIMARY("primary"),
    /** Receives deltas through {@code apply}; applications may not write it. */
    REPLICA("replica");

    private final String code;

    VolumeRole(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Reads a role from its code, case-insensitively. */
    @JsonCreator
    public static VolumeRole of(String code) {
        return Arrays.stream(values())
                .filter(role -> role.code.equalsIgnoreCase(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("field 'role' must be one of "
                        + Arrays.stream(values()).map(VolumeRole::code).collect(Collectors.joining(", "))
                        + ", was '" + code + "'"));
    }
}
