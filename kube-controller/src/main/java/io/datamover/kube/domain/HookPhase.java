package io.datamover.kube.domain;

import java.util.Arrays;
import java.util.Optional;

/** When a hook runs: {@code pre} before a group snapshot, {@code post} after it. */
public enum HookPhase {
    PRE("pre"),
    POST("post");

    private final String code;

    HookPhase(String code) {
        this.code = code;
    }

    /** As it appears in a URL and under {@code spec.hooks}. */
    public String code() {
        return code;
    }

    public static Optional<HookPhase> of(String code) {
        return Arrays.stream(values()).filter(phase -> phase.code.equals(code)).findFirst();
    }
}
