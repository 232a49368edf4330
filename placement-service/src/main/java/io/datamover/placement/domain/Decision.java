package io.datamover.placement.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Versions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A decision of this placement instance about one volume group, the value of its decision store: where it stands
 * and since when. Each change of step is published as a {@link PlacementDecision}.
 *
 * @param site the target site; for {@link #NO_TARGET}, the group's primary, where it stays
 */
public record Decision(String decisionId, DecisionType type, String step, String groupId, List<String> volumeIds,
        String fromSite, String site, String cause, Instant openedAt, Instant stepAt) {

    /** A switchover is due but no site can take the group; re-evaluated until one can or the shortage ends. */
    public static final String NO_TARGET = "no-target";
    /** A switchover is due and its target chosen. */
    public static final String TRIGGERED = "triggered";
    public static final String COMMITTED = "committed";
    public static final String ABORTED = "aborted";
    /** A decision that waited for a target and is no longer needed. */
    public static final String CANCELLED = "cancelled";
    private static final Set<String> FINAL_STEPS = Set.of(COMMITTED, ABORTED, CANCELLED);

    public Decision {
        volumeIds = List.copyOf(volumeIds);
    }

    public boolean isOpen() {
        return !FINAL_STEPS.contains(step);
    }

    public Decision next(String nextStep, String nextSite, String nextCause, Instant at) {
        return new Decision(decisionId, type, nextStep, groupId, volumeIds, fromSite, nextSite, nextCause, openedAt,
                at);
    }

    public PlacementDecision event() {
        return new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(),
                stepAt, decisionId, type, step, groupId, volumeIds, fromSite, site, cause);
    }
}
