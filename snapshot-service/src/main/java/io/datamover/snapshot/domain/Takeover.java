package io.datamover.snapshot.domain;

import io.datamover.events.PlacementDecision;
import java.util.List;

/**
 * How a site protects a group that a switchover moved to it when it has no definition of its own: every
 * {@code intervalSeconds}, keeping {@code retain} snapshots of each volume, towards one site, with the priority the
 * decision carries (the one the group announced at its source), so that its snapshots go on announcing it. A group
 * whose id is that of its only volume is a volume protected alone.
 */
public record Takeover(long intervalSeconds, int retain) {

    public Takeover {
        Protection.requireInterval(intervalSeconds);
        Protection.requireRetain(retain);
    }

    /** Whether the decision's group is a volume protected alone: its id is that of its only volume. */
    public static boolean isSingleVolume(PlacementDecision decision) {
        return decision.volumeIds().equals(List.of(decision.groupId()));
    }

    /** The decision's volume, protected alone towards {@code targetSite}. */
    public Protection protection(PlacementDecision decision, String targetSite) {
        return new Protection(decision.groupId(), intervalSeconds, retain, List.of(targetSite));
    }

    /**
     * The decision's group, protected towards {@code targetSite}, without hooks, with the decision's priority (0 when
     * it carries none).
     */
    public Group group(PlacementDecision decision, String targetSite) {
        return new Group(decision.groupId(), decision.volumeIds(), intervalSeconds, retain, List.of(targetSite), null,
                null, Group.DEFAULT_HOOK_TIMEOUT_SECONDS, null, decision.groupPriority());
    }
}
