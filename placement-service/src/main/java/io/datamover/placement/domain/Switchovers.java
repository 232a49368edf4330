package io.datamover.placement.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.Event;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.VolumeFrozen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The switchover's state machine with its barrier. Pure: events and the time are arguments.
 *
 * <pre>
 * triggered ─► freeze ─► final-snapshot ─► commit ─► committed
 *                 │            │
 *                 └────────────┴─► abort ─► aborted
 * </pre>
 *
 * <ul>
 * <li>{@code triggered} goes on to {@code freeze} at once: the source's snapshot-service freezes the group and takes
 * its final group snapshot, each volume's {@code snapshot-taken} carrying the decision's id.
 * <li>{@code final-snapshot} once every volume's final snapshot is known: replication ships and applies them.
 * A volume's apply counts as soon as its own final snapshot is known.
 * <li>{@code commit} once the target has applied every volume's final snapshot (the barrier): the target promotes
 * its replicas and thaws them, the source steps down to replica. There is no way back from here.
 * <li>{@code committed} once the target has thawed every volume for the decision: it takes writes.
 * <li>{@code abort} when the deadline passes or the target is lost before the barrier: the source thaws and stays
 * primary; {@code aborted} once it has thawed every volume for the decision.
 * </ul>
 * Events are matched by decision id, site and volume, so that repeated or unrelated ones change nothing.
 */
public final class Switchovers {

    private Switchovers() {
    }

    /** A decision as changed, and the new steps it went through, in order, to publish (none for progress only). */
    public record Change(Decision decision, List<Decision> steps) {

        public Change {
            steps = List.copyOf(steps);
        }
    }

    /** The decision after {@code event}, if the event concerns it. */
    public static Optional<Change> onEvent(Decision decision, Event event, Instant now) {
        if (decision.type() == DecisionType.FAILOVER) {
            return Optional.empty();
        }
        if (event instanceof SnapshotTaken taken) {
            return finalSnapshot(decision, taken, now);
        }
        if (event instanceof ReplicaApplied applied) {
            return applied(decision, applied, now);
        }
        if (event instanceof VolumeFrozen thawed) {
            return released(decision, thawed, now);
        }
        return Optional.empty();
    }

    /** A triggered switchover starts: the source is to freeze the group. */
    public static Optional<Change> start(Decision decision, Instant now) {
        if (decision.type() != DecisionType.SWITCHOVER || !decision.step().equals(Decision.TRIGGERED)) {
            return Optional.empty();
        }
        return step(decision.next(Decision.FREEZE, decision.site(), "freeze the group at " + decision.fromSite()
                + " and take its final group snapshot for " + decision.site(), now));
    }

    /** The decision after time passed: aborted for its deadline or its lost target before the barrier. */
    public static Optional<Change> onTime(Decision decision, Map<String, SiteRecord> sites, SitePolicy policy,
            Instant now) {
        if (!decision.step().equals(Decision.FREEZE) && !decision.step().equals(Decision.FINAL_SNAPSHOT)) {
            return Optional.empty();
        }
        SiteRecord target = sites.getOrDefault(decision.site(), SiteRecord.unknown(decision.site()));
        if (!SiteRules.isAlive(target, policy, now)) {
            return step(decision.aborting("target " + decision.site() + " lost during " + decision.step() + ": "
                    + SiteRules.silence(target, now) + "; " + waitingFor(decision), now));
        }
        if (now.isAfter(decision.deadline())) {
            return step(decision.aborting("deadline " + decision.deadline() + " passed during " + decision.step()
                    + "; " + waitingFor(decision), now));
        }
        return Optional.empty();
    }

    private static Optional<Change> finalSnapshot(Decision decision, SnapshotTaken taken, Instant now) {
        if (!decision.step().equals(Decision.FREEZE) || !decision.decisionId().equals(taken.decisionId())
                || !taken.site().equals(decision.fromSite()) || !decision.volumeIds().contains(taken.volumeId())
                || decision.finalSnapshots().containsKey(taken.volumeId())) {
            return Optional.empty();
        }
        return Optional.of(advance(decision.withFinalSnapshot(taken.volumeId(), taken.snapshot()), now));
    }

    /**
     * The apply of a volume's final snapshot counts from the moment that snapshot is known, even while the final
     * snapshots of other volumes of the group are still being taken: events of different volumes may arrive in any
     * order.
     */
    private static Optional<Change> applied(Decision decision, ReplicaApplied applied, Instant now) {
        Long finalSnapshot = decision.finalSnapshots().get(applied.volumeId());
        boolean barrier = decision.step().equals(Decision.FREEZE) || decision.step().equals(Decision.FINAL_SNAPSHOT);
        if (!barrier || finalSnapshot == null || !applied.site().equals(decision.site())
                || applied.snapshot() < finalSnapshot || decision.applied().contains(applied.volumeId())) {
            return Optional.empty();
        }
        return Optional.of(advance(decision.withApplied(applied.volumeId()), now));
    }

    /** Takes every step the barrier's progress allows. */
    private static Change advance(Decision decision, Instant now) {
        List<Decision> steps = new ArrayList<>();
        Decision current = decision;
        if (current.step().equals(Decision.FREEZE) && current.finalSnapshots().size() == current.volumeIds().size()) {
            current = current.next(Decision.FINAL_SNAPSHOT, current.site(), "final group snapshot taken at "
                    + current.fromSite() + ": " + snapshots(current) + "; shipping it to " + current.site(), now);
            steps.add(current);
        }
        if (current.step().equals(Decision.FINAL_SNAPSHOT) && current.applied().size() == current.volumeIds().size()) {
            current = current.next(Decision.COMMIT, current.site(), "every volume applied its final snapshot at "
                    + current.site() + " (" + snapshots(current) + "): " + current.site() + " becomes primary, "
                    + current.fromSite() + " its replica", now);
            steps.add(current);
        }
        return new Change(current, steps);
    }

    private static Optional<Change> released(Decision decision, VolumeFrozen thawed, Instant now) {
        boolean committing = decision.step().equals(Decision.COMMIT);
        boolean aborting = decision.step().equals(Decision.ABORT);
        String where = committing ? decision.site() : decision.fromSite();
        if (!(committing || aborting) || thawed.frozen() || !decision.decisionId().equals(thawed.decisionId())
                || !thawed.site().equals(where) || !decision.volumeIds().contains(thawed.volumeId())
                || decision.released().contains(thawed.volumeId())) {
            return Optional.empty();
        }
        Decision next = decision.withReleased(thawed.volumeId());
        if (next.released().size() < next.volumeIds().size()) {
            return progress(next);
        }
        return step(committing
                ? next.next(Decision.COMMITTED, next.site(), next.site() + " is primary of " + next.volumeIds()
                        + " and takes writes", now)
                : next.next(Decision.ABORTED, next.site(), next.fromSite() + " thawed " + next.volumeIds()
                        + " and stays primary", now));
    }

    private static String waitingFor(Decision decision) {
        List<String> missing = decision.step().equals(Decision.FREEZE)
                ? decision.volumeIds().stream().filter(v -> !decision.finalSnapshots().containsKey(v)).toList()
                : decision.volumeIds().stream().filter(v -> !decision.applied().contains(v)).toList();
        return (decision.step().equals(Decision.FREEZE) ? "final snapshot not taken of " : "not applied at "
                + decision.site() + ": ") + missing;
    }

    private static String snapshots(Decision decision) {
        return decision.finalSnapshots().entrySet().stream().map(e -> e.getKey() + "@" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Optional<Change> step(Decision decision) {
        return Optional.of(new Change(decision, List.of(decision)));
    }

    private static Optional<Change> progress(Decision decision) {
        return Optional.of(new Change(decision, List.of()));
    }
}
