package io.datamover.placement.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.ReplicaState;
import io.datamover.events.ReplicaStatus;
import io.datamover.events.VolumeFrozen;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Resync: a site that lost a group by failover comes back; its copy becomes a replica of the new primary without a
 * full copy. Pure: the time is an argument.
 *
 * <pre>
 * rejoin ─► resync ─► resynced
 * </pre>
 *
 * <ul>
 * <li>The new primary's instance opens it, as it promoted the group: when the failover's lost site sends heartbeats
 * again. Its {@code fromSite} is the new primary, its {@code site} the returning site, its snapshots the common ones:
 * those the failover promoted, which both copies hold.
 * <li>{@code rejoin}: the returning site's snapshot-service makes each volume a replica consistent at its common
 * snapshot. What that site wrote since is discarded there: its store writes those blocks back from the common
 * snapshot locally, so none of them crosses the link. Each volume's thaw for the decision says it rejoined.
 * <li>{@code resync}: every volume rejoined; the new primary takes a group snapshot at once and replication ships the
 * delta from the common snapshot as usual: the blocks it changed since, never a full copy.
 * <li>{@code resynced}: the returning site holds a snapshot newer than the common one of every volume; the event
 * names them.
 * </ul>
 */
public final class Resyncs {

    private Resyncs() {
    }

    /** The resyncs this instance opens at {@code now}: one per group it promoted whose lost site is back. */
    public static List<Decision> evaluate(String self, Map<String, SiteRecord> sites,
            Map<String, Decision> latestByGroup, SitePolicy policy, Instant now) {
        return latestByGroup.values().stream()
                .filter(latest -> latest.type() == DecisionType.FAILOVER && latest.step().equals(Decision.PROMOTED)
                        && latest.site().equals(self))
                .filter(promoted -> isBack(sites.get(promoted.fromSite()), promoted, policy, now))
                .map(promoted -> open(promoted, sites.get(promoted.fromSite()), now))
                .toList();
    }

    /** A thaw at the returning site for the decision: that volume rejoined; {@code resync} once every one has. */
    public static Optional<Switchovers.Change> onThaw(Decision decision, VolumeFrozen thawed, Instant now) {
        Optional<Decision> counted = decision.type() == DecisionType.RESYNC && decision.step().equals(Decision.REJOIN)
                ? decision.releasedBy(thawed) : Optional.empty();
        if (counted.isEmpty()) {
            return Optional.empty();
        }
        Decision next = counted.get();
        if (!next.allReleased()) {
            return Optional.of(new Switchovers.Change(next, List.of()));
        }
        Decision resync = next.next(Decision.RESYNC, next.site(), next.site() + " rejoined as a replica of "
                + next.fromSite() + " at " + snapshots(next.finalSnapshots()) + "; " + next.fromSite()
                + " ships the blocks it changed since", now);
        return Optional.of(new Switchovers.Change(resync, List.of(resync)));
    }

    /**
     * {@code resynced} once the returning site's replica of every volume is consistent at a snapshot newer than the
     * common one, taken by the new primary.
     */
    public static Optional<Switchovers.Change> onStates(Decision decision, Map<String, ReplicaState> volumes,
            Instant now) {
        if (decision.type() != DecisionType.RESYNC || !decision.step().equals(Decision.RESYNC)) {
            return Optional.empty();
        }
        SortedMap<String, Long> held = new TreeMap<>();
        for (String volumeId : decision.volumeIds()) {
            ReplicaState state = volumes.get(volumeId);
            ReplicaStatus replica = state == null || !decision.fromSite().equals(state.primarySite()) ? null
                    : state.replicas().get(decision.site());
            Long common = decision.finalSnapshots().get(volumeId);
            if (replica == null || replica.consistentSnapshot() == null || common == null
                    || replica.consistentSnapshot() <= common) {
                return Optional.empty();
            }
            held.put(volumeId, replica.consistentSnapshot());
        }
        Decision resynced = decision.withFinalSnapshots(held).next(Decision.RESYNCED, decision.site(), decision.site()
                + " is a consistent replica of " + decision.fromSite() + " again at " + snapshots(held)
                + " (from the common snapshots " + snapshots(decision.finalSnapshots()) + ", no full copy)", now);
        return Optional.of(new Switchovers.Change(resynced, List.of(resynced)));
    }

    /** Alive again, heard from after the failover opened. */
    private static boolean isBack(SiteRecord lost, Decision promoted, SitePolicy policy, Instant now) {
        return lost != null && SiteRules.isAlive(lost, policy, now)
                && lost.lastHeartbeatAt().isAfter(promoted.openedAt());
    }

    private static Decision open(Decision promoted, SiteRecord back, Instant now) {
        String id = "resync-" + promoted.groupId() + "-" + now.toEpochMilli();
        String cause = back.site() + " is back (heartbeat at " + back.lastHeartbeatAt() + ") after failover "
                + promoted.decisionId() + ": it rejoins as a replica of " + promoted.site() + " at the common snapshots "
                + snapshots(promoted.finalSnapshots()) + "; what it wrote since them is discarded";
        return new Decision(id, DecisionType.RESYNC, Decision.REJOIN, promoted.groupId(), promoted.volumeIds(),
                promoted.site(), back.site(), cause, now, now, now, promoted.finalSnapshots(), null, null,
                promoted.groupPriority());
    }

    private static String snapshots(Map<String, Long> snapshots) {
        return snapshots.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
