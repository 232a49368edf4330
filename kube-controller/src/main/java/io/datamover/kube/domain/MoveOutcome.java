package io.datamover.kube.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a step of a move went at this site: the reason of its Kubernetes Event and of the {@code Moved} condition, and
 * the {@code outcome} of {@code GET /moves}.
 */
public enum MoveOutcome {
    STAGED("Staged", false),
    APPLIED("Applied", false),
    STEPPED_DOWN("SteppedDown", false),
    ABORTED("Aborted", false),
    /** Failed for a reason that may pass: the step is tried again. */
    RETRYING("MoveRetrying", true),
    /** Failed for good, or nothing to carry it out from (no export): the step is not tried again. */
    FAILED("MoveFailed", true);

    private final String reason;
    private final boolean warning;

    MoveOutcome(String reason, boolean warning) {
        this.reason = reason;
        this.warning = warning;
    }

    @JsonValue
    public String reason() {
        return reason;
    }

    /** A Warning Event (else Normal). */
    public boolean isWarning() {
        return warning;
    }

    /** What a step that was carried out achieved. */
    public static MoveOutcome done(MoveAction action) {
        return switch (action) {
            case STAGE -> STAGED;
            case COMPLETE -> APPLIED;
            case ABORT -> ABORTED;
            case STEP_DOWN -> STEPPED_DOWN;
            case NONE -> throw new IllegalArgumentException("a step that asks nothing has no outcome");
        };
    }
}
