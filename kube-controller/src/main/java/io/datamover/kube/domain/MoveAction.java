package io.datamover.kube.domain;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import java.util.Locale;
import java.util.Set;

/** What a step of a placement decision asks of the controller of one site for the group's application. */
public enum MoveAction {
    /** Nothing for this site. */
    NONE,
    /** The target stages the application: everything but the claims, the workloads at 0 replicas. */
    STAGE,
    /** The target completes it: staged, the claims restored from the snapshots the step names, workloads scaled up. */
    COMPLETE,
    /** The target removes what it staged for the decision. */
    ABORT,
    /** The site the group moved away from scales its workloads to 0 (after a failover: fencing). */
    STEP_DOWN;

    private static final Set<String> COMMIT_STEPS = Set.of("commit", "committed");
    private static final Set<String> PROMOTE_STEPS = Set.of("promote", "promoted");
    private static final Set<String> ABORT_STEPS = Set.of("abort", "aborted");

    /** As logs, Events and {@code GET /moves} name it: {@code stage}, {@code complete}, {@code step-down}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The action {@code decision}'s step asks of the controller of {@code site}. */
    public static MoveAction of(PlacementDecision decision, String site) {
        boolean target = decision.site().equals(site);
        boolean source = decision.fromSite().equals(site);
        if (decision.type() == DecisionType.SWITCHOVER && decision.step().equals("freeze") && target) {
            return STAGE;
        }
        boolean completing = decision.type() == DecisionType.SWITCHOVER && COMMIT_STEPS.contains(decision.step())
                || decision.type() == DecisionType.FAILOVER && PROMOTE_STEPS.contains(decision.step());
        if (completing) {
            return target ? COMPLETE : source ? STEP_DOWN : NONE;
        }
        if (decision.type() == DecisionType.ABORT && ABORT_STEPS.contains(decision.step()) && target) {
            return ABORT;
        }
        return NONE;
    }
}
