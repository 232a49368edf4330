package io.datamover.placement.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Versions;
import io.datamover.events.VolumeFrozen;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A decision of this placement instance about one volume group, the value of its decision store: where it stands,
 * since when, and what its barrier has seen. Each change of step is published as a {@link PlacementDecision}.
 *
 * @param site the target site; for {@link #NO_TARGET} and {@link #REJECTED}, the group's primary, where it stays
 *     (for a failover's {@link #NO_TARGET}, the surviving site that reports it); for a resync, the returning site
 * @param deadline when a switchover not yet committed is aborted
 * @param finalSnapshots each volume's final snapshot, taken at the source for this decision (for a failover: the
 *     consistent snapshot the target takes over at, then the one it promoted; for a resync: the common snapshot, then
 *     the one the returning site holds once resynced); published with each step
 * @param applied the volumes whose final snapshot the target has applied
 * @param released the volumes thawed for this decision: at the target once promoted, or at the source on abort
 * @param groupPriority the priority the group announced when the decision opened (its view's announced priority, not
 *     an operator's override), published with each step so that a site taking the group over announces it too;
 *     absent when the group announced none, and in decisions stored before the field
 */
public record Decision(String decisionId, DecisionType type, String step, String groupId, List<String> volumeIds,
        String fromSite, String site, String cause, Instant openedAt, Instant stepAt, Instant deadline,
        SortedMap<String, Long> finalSnapshots, SortedSet<String> applied, SortedSet<String> released,
        Integer groupPriority) {

    /** A switchover is due but no site can take the group; re-evaluated until one can or the shortage ends. */
    public static final String NO_TARGET = "no-target";
    /** A switchover is due and its target chosen. */
    public static final String TRIGGERED = "triggered";
    /** The source is to freeze the group and take its final group snapshot. */
    public static final String FREEZE = "freeze";
    /** Every volume's final snapshot is taken; the target is to apply them. */
    public static final String FINAL_SNAPSHOT = "final-snapshot";
    /** Every volume applied its final snapshot at the target: the target is to promote, the source to step down. */
    public static final String COMMIT = "commit";
    /** The target took over as primary of every volume of the group. */
    public static final String COMMITTED = "committed";
    /** The switchover cannot finish: the source is to thaw and stay primary. */
    public static final String ABORT = "abort";
    /** The source thawed every volume of the group and stayed primary. */
    public static final String ABORTED = "aborted";
    /** A failover: the target is to promote its consistent snapshots. */
    public static final String PROMOTE = "promote";
    /** The target of a failover took over as primary of every volume of the group. */
    public static final String PROMOTED = "promoted";
    /** A resync: the site that lost the group by failover is to rejoin as a replica at the common snapshots. */
    public static final String REJOIN = "rejoin";
    /** A resync: every volume rejoined; the new primary ships the blocks it changed since the common snapshots. */
    public static final String RESYNC = "resync";
    /** A resync: the returning site is a consistent replica of the new primary again. */
    public static final String RESYNCED = "resynced";
    /** A decision that waited for a target and is no longer needed. */
    public static final String CANCELLED = "cancelled";
    /** An operator's request that cannot be carried out, with why. */
    public static final String REJECTED = "rejected";
    private static final Set<String> FINAL_STEPS = Set.of(COMMITTED, ABORTED, CANCELLED, REJECTED, PROMOTED,
            RESYNCED);

    public Decision {
        volumeIds = List.copyOf(volumeIds);
        finalSnapshots = Collections.unmodifiableSortedMap(new TreeMap<>(
                finalSnapshots == null ? Map.of() : finalSnapshots));
        applied = Collections.unmodifiableSortedSet(new TreeSet<>(applied == null ? Set.of() : applied));
        released = Collections.unmodifiableSortedSet(new TreeSet<>(released == null ? Set.of() : released));
    }

    /** A switchover opened at {@code now}, at {@code step}, to be committed by {@code deadline}. */
    public static Decision switchover(GroupView group, String step, String site, String cause, Instant now,
            Instant deadline) {
        String id = "switchover-" + group.groupId() + "-" + now.toEpochMilli();
        return new Decision(id, DecisionType.SWITCHOVER, step, group.groupId(), group.volumeIds(),
                group.primarySite(), site, cause, now, now, deadline, null, null, null, group.announcedPriority());
    }

    /** An operator's request that is not carried out, under the id of the request. */
    public static Decision rejected(String requestId, GroupView group, String site, String cause, Instant now) {
        return new Decision("request-" + requestId, DecisionType.SWITCHOVER, REJECTED, group.groupId(),
                group.volumeIds(), group.primarySite(), site, cause, now, now, now, null, null, null,
                group.announcedPriority());
    }

    public boolean isOpen() {
        return !FINAL_STEPS.contains(step);
    }

    public Decision next(String nextStep, String nextSite, String nextCause, Instant at) {
        return new Decision(decisionId, type, nextStep, groupId, volumeIds, fromSite, nextSite, nextCause, openedAt,
                at, deadline, finalSnapshots, applied, released, groupPriority);
    }

    /** A decision that waited for a target goes ahead to {@code target}, with a new deadline. */
    public Decision trigger(String target, String triggerCause, Instant at, Instant newDeadline) {
        return new Decision(decisionId, type, TRIGGERED, groupId, volumeIds, fromSite, target, triggerCause, openedAt,
                at, newDeadline, finalSnapshots, applied, released, groupPriority);
    }

    public Decision aborting(String abortCause, Instant at) {
        return new Decision(decisionId, DecisionType.ABORT, ABORT, groupId, volumeIds, fromSite, site, abortCause,
                openedAt, at, deadline, finalSnapshots, applied, null, groupPriority);
    }

    public Decision withFinalSnapshot(String volumeId, long snapshot) {
        SortedMap<String, Long> snapshots = new TreeMap<>(finalSnapshots);
        snapshots.put(volumeId, snapshot);
        return new Decision(decisionId, type, step, groupId, volumeIds, fromSite, site, cause, openedAt, stepAt,
                deadline, snapshots, applied, released, groupPriority);
    }

    public Decision withFinalSnapshots(SortedMap<String, Long> snapshots) {
        return new Decision(decisionId, type, step, groupId, volumeIds, fromSite, site, cause, openedAt, stepAt,
                deadline, snapshots, applied, released, groupPriority);
    }

    public Decision withApplied(String volumeId) {
        SortedSet<String> volumes = new TreeSet<>(applied);
        volumes.add(volumeId);
        return new Decision(decisionId, type, step, groupId, volumeIds, fromSite, site, cause, openedAt, stepAt,
                deadline, finalSnapshots, volumes, released, groupPriority);
    }

    public Decision withReleased(String volumeId) {
        SortedSet<String> volumes = new TreeSet<>(released);
        volumes.add(volumeId);
        return new Decision(decisionId, type, step, groupId, volumeIds, fromSite, site, cause, openedAt, stepAt,
                deadline, finalSnapshots, applied, volumes, groupPriority);
    }

    /**
     * This decision with the volume counted as released, when the thaw is one it waits for: at its site, carried out
     * for it, of one of its volumes not counted yet.
     */
    public Optional<Decision> releasedBy(VolumeFrozen thawed) {
        if (thawed.frozen() || !decisionId.equals(thawed.decisionId()) || !site.equals(thawed.site())
                || !volumeIds.contains(thawed.volumeId()) || released.contains(thawed.volumeId())) {
            return Optional.empty();
        }
        return Optional.of(withReleased(thawed.volumeId()));
    }

    /** Whether every volume is released. */
    public boolean allReleased() {
        return released.size() >= volumeIds.size();
    }

    public PlacementDecision event() {
        return new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), stepAt, decisionId, type, step,
                groupId, volumeIds, fromSite, site, cause, finalSnapshots, groupPriority);
    }
}
