package io.datamover.placement.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.ReplicaState;
import io.datamover.events.ReplicaStatus;
import io.datamover.events.VolumeFrozen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Failover: when a group's primary site has sent no heartbeat for the failover timeout, the site that takes the group
 * promotes its consistent snapshots. Pure: the time is an argument.
 *
 * <pre>
 * triggered ─► promote ─► promoted
 * </pre>
 *
 * <ul>
 * <li>Every surviving instance computes the same target ({@link TargetChoice}: a consistent replica of every volume,
 * alive, fresh metrics with headroom, the largest margin, ties by name); only the target's own instance decides, so
 * the group is promoted once.
 * <li>A primary never heard of is not failed over: it may not have started yet.
 * <li>The cause states the data-loss window (RPO) the promotion implies: the writes made at the lost site after the
 * oldest of the promoted snapshots was taken, up to its last heartbeat, are lost.
 * <li>{@code promote}: the target's snapshot-service promotes its replicas and thaws them with the decision's id;
 * {@code promoted} once every volume is thawed.
 * </ul>
 */
public final class Failovers {

    private Failovers() {
    }

    /**
     * The failovers this instance opens at {@code now}, and what it says of those no site can take: a group whose
     * primary is lost and that no site qualifies for gets a {@value Decision#NO_TARGET} failover naming why each site
     * was refused, from one instance only (the first surviving site by name, alive); it is {@value Decision#CANCELLED}
     * once a site qualifies (that site's instance fails the group over) or the primary is back.
     */
    public static List<Decision> evaluate(String self, Map<String, SiteRecord> sites, Map<String, ReplicaState> volumes,
            Map<String, Decision> latestByGroup, SitePolicy policy, Instant now) {
        List<Decision> decided = new ArrayList<>();
        for (GroupView group : GroupView.of(volumes.values())) {
            if (group.primarySite() == null || group.primarySite().equals(self)) {
                continue;
            }
            SiteRecord primary = sites.get(group.primarySite());
            boolean lost = isLost(primary, policy, now);
            Decision latest = latestByGroup.get(group.groupId());
            if (latest != null && latest.type() == DecisionType.FAILOVER && latest.step().equals(Decision.NO_TARGET)) {
                waitingEnds(latest, group, sites, lost, policy, now).ifPresent(decided::add);
                continue;
            }
            if (!lost || !mayFailOver(group, latest)) {
                continue;
            }
            TargetChoice choice = TargetChoice.of(group, sites, policy, now);
            if (choice.site().filter(self::equals).isPresent()) {
                decided.add(open(group, primary, volumes, self, now));
            } else if (choice.site().isEmpty() && self.equals(reporter(group, sites, policy, now))) {
                decided.add(noTarget(group, primary, choice, self, now));
            }
        }
        return decided;
    }

    /** The first site by name, other than the lost primary, that is alive: it says when no site can take a group. */
    private static String reporter(GroupView group, Map<String, SiteRecord> sites, SitePolicy policy, Instant now) {
        return policy.knownSites().stream().sorted()
                .filter(site -> !site.equals(group.primarySite()))
                .filter(site -> SiteRules.isAlive(sites.getOrDefault(site, SiteRecord.unknown(site)), policy, now))
                .findFirst().orElse(null);
    }

    private static Decision noTarget(GroupView group, SiteRecord lost, TargetChoice choice, String self, Instant now) {
        String cause = lost.site() + " lost: " + SiteRules.silence(lost, now) + "; no site can take the group over: "
                + String.join("; ", choice.rejected());
        return new Decision("failover-" + group.groupId() + "-" + now.toEpochMilli(), DecisionType.FAILOVER,
                Decision.NO_TARGET, group.groupId(), group.volumeIds(), lost.site(), self, cause, now, now, now, null,
                null, null, group.announcedPriority());
    }

    /** A failover waiting for a target is cancelled once one qualifies or the primary is back. */
    private static Optional<Decision> waitingEnds(Decision waiting, GroupView group, Map<String, SiteRecord> sites,
            boolean lost, SitePolicy policy, Instant now) {
        if (!lost) {
            return Optional.of(waiting.next(Decision.CANCELLED, waiting.site(), waiting.fromSite()
                    + " is back: no failover needed", now));
        }
        return TargetChoice.of(group, sites, policy, now).site().map(target -> waiting.next(Decision.CANCELLED,
                waiting.site(), target + " can take the group over now; its placement fails it over", now));
    }

    /** A triggered failover promotes at once. */
    public static Optional<Decision> start(Decision decision, Instant now) {
        if (decision.type() != DecisionType.FAILOVER || !decision.step().equals(Decision.TRIGGERED)) {
            return Optional.empty();
        }
        return Optional.of(decision.next(Decision.PROMOTE, decision.site(), "promote the consistent snapshots "
                + snapshots(decision) + " at " + decision.site(), now));
    }

    /**
     * The decision after a thaw at the target for it; {@code promoted} once every volume is thawed. A thaw names the
     * snapshot the target's store promoted, which replaces the one the decision expected: that is the common snapshot
     * a resync starts from.
     */
    public static Optional<Switchovers.Change> onThaw(Decision decision, VolumeFrozen thawed, Instant now) {
        Optional<Decision> counted = decision.type() == DecisionType.FAILOVER
                && decision.step().equals(Decision.PROMOTE) ? decision.releasedBy(thawed) : Optional.empty();
        if (counted.isEmpty()) {
            return Optional.empty();
        }
        Decision next = thawed.snapshot() == null ? counted.get()
                : counted.get().withFinalSnapshot(thawed.volumeId(), thawed.snapshot());
        if (!next.allReleased()) {
            return Optional.of(new Switchovers.Change(next, List.of()));
        }
        Decision promoted = next.next(Decision.PROMOTED, next.site(), next.site() + " is primary of "
                + next.volumeIds() + " and takes writes", now);
        return Optional.of(new Switchovers.Change(promoted, List.of(promoted)));
    }

    /**
     * Not while a decision about the group is under way, nor after this instance promoted it until the group's view
     * shows a snapshot taken since (the view names the lost site as primary until the new primary's first snapshot).
     */
    private static boolean mayFailOver(GroupView group, Decision latest) {
        if (latest == null) {
            return true;
        }
        if (latest.isOpen()) {
            return false;
        }
        return !latest.step().equals(Decision.PROMOTED)
                || group.latestSnapshotAt() != null && group.latestSnapshotAt().isAfter(latest.stepAt());
    }

    private static boolean isLost(SiteRecord primary, SitePolicy policy, Instant now) {
        return primary != null && primary.lastHeartbeatAt() != null
                && Duration.between(primary.lastHeartbeatAt(), now).compareTo(policy.failoverTimeout()) > 0;
    }

    private static Decision open(GroupView group, SiteRecord lost, Map<String, ReplicaState> volumes, String self,
            Instant now) {
        SortedMap<String, Long> consistent = new TreeMap<>();
        Instant oldest = null;
        for (String volumeId : group.volumeIds()) {
            ReplicaStatus replica = volumes.get(volumeId).replicas().get(self);
            consistent.put(volumeId, replica.consistentSnapshot());
            Instant takenAt = replica.consistentSnapshotTakenAt();
            oldest = oldest == null || takenAt != null && takenAt.isBefore(oldest) ? takenAt : oldest;
        }
        String rpo = oldest == null ? "unknown"
                : "up to " + Math.max(0, Duration.between(oldest, lost.lastHeartbeatAt()).toSeconds())
                        + " s: the writes at " + lost.site() + " after " + oldest + " are lost";
        String cause = lost.site() + " lost: " + SiteRules.silence(lost, now) + "; " + self + " takes over at "
                + consistent.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue())
                        .collect(Collectors.joining(", "))
                + "; data-loss window (RPO) " + rpo;
        String id = "failover-" + group.groupId() + "-" + now.toEpochMilli();
        return new Decision(id, DecisionType.FAILOVER, Decision.TRIGGERED, group.groupId(), group.volumeIds(),
                lost.site(), self, cause, now, now, now, consistent, null, null, group.announcedPriority());
    }

    private static String snapshots(Decision decision) {
        return decision.finalSnapshots().entrySet().stream().map(e -> e.getKey() + "@" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
