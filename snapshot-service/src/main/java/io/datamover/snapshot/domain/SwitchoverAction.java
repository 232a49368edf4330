package io.datamover.snapshot.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;

/**
 * What the snapshot service of a site does for one step of a placement decision: a switchover's freeze, commit and
 * abort; a failover's promote at its target, and at the lost source, once it hears of it, a fence; a resync's rejoin
 * at the returning site and its snapshot at the new primary. The steps are placement's (its {@code Decision}
 * constants); every step not named here, and every decision about other sites, asks nothing of it.
 */
public enum SwitchoverAction {
    /** At the source of a switchover: freeze the group and take its final group snapshot. */
    FREEZE,
    /** At the target of a committed switchover, or of a failover: make every volume the primary. */
    PROMOTE,
    /** At the source of a committed switchover: make every volume a replica of the target. */
    DEMOTE,
    /** At the source of an aborted switchover: thaw every volume, which stays primary. */
    THAW,
    /**
     * At the lost source of a failover, when it hears of it (it was cut off, or it is back): freeze every volume it
     * still holds as a writable primary, so that it takes no more writes nor snapshots, until it rejoins.
     */
    FENCE,
    /** At the returning site of a resync: make every volume a replica of the new primary at its common snapshot. */
    REJOIN,
    /** At the new primary of a resync, once every volume rejoined: take a group snapshot now, shipped as usual. */
    RESYNC,
    /** Nothing to do here. */
    NONE;

    static final String FREEZE_STEP = "freeze";
    static final String COMMIT_STEP = "commit";
    static final String ABORT_STEP = "abort";
    static final String PROMOTE_STEP = "promote";
    static final String PROMOTED_STEP = "promoted";
    static final String REJOIN_STEP = "rejoin";
    static final String RESYNC_STEP = "resync";

    /** What {@code site} does for the decision's step. */
    public static SwitchoverAction of(PlacementDecision decision, String site) {
        boolean source = site.equals(decision.fromSite());
        boolean target = site.equals(decision.site());
        if (source == target) {
            return NONE;
        }
        if (decision.type() == DecisionType.SWITCHOVER && FREEZE_STEP.equals(decision.step())) {
            return source ? FREEZE : NONE;
        }
        if (decision.type() == DecisionType.SWITCHOVER && COMMIT_STEP.equals(decision.step())) {
            return source ? DEMOTE : PROMOTE;
        }
        if (decision.type() == DecisionType.ABORT && ABORT_STEP.equals(decision.step())) {
            return source ? THAW : NONE;
        }
        if (decision.type() == DecisionType.FAILOVER && PROMOTE_STEP.equals(decision.step())) {
            return target ? PROMOTE : FENCE;
        }
        if (decision.type() == DecisionType.FAILOVER && PROMOTED_STEP.equals(decision.step())) {
            return source ? FENCE : NONE;
        }
        if (decision.type() == DecisionType.RESYNC && REJOIN_STEP.equals(decision.step())) {
            return target ? REJOIN : NONE;
        }
        if (decision.type() == DecisionType.RESYNC && RESYNC_STEP.equals(decision.step())) {
            return source ? RESYNC : NONE;
        }
        return NONE;
    }
}
