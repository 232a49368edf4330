package io.datamover.kube.domain;

import io.datamover.events.PlacementDecision;
import java.time.Instant;

/**
 * The last step of a move of group {@code groupId} that this site carried out, or failed to: what {@code GET /moves}
 * shows and what the step's Kubernetes Event says.
 *
 * @param type the decision's type ({@code switchover}, {@code failover}, {@code abort})
 * @param fromSite the site the group moves away from
 * @param site the site it moves to
 * @param action what the step asked of this site: {@code stage}, {@code complete}, {@code abort}, {@code step-down}
 * @param outcome how it went, shown as its reason ({@code Applied}, {@code MoveFailed}, ...)
 * @param namespace the namespace the step works in here (the export's target namespace, or its source namespace for a
 *     step down); null when no export of the group is known
 * @param object the object the step failed on; null when it did not fail on one
 * @param message what happened, naming the group, the decision, the step, the object and the API server's reason
 */
public record MoveReport(String groupId, String decisionId, String type, String step, String fromSite, String site,
        String action, MoveOutcome outcome, Instant at, String namespace, ObjectRef object, String message) {

    public static MoveReport of(PlacementDecision decision, MoveAction action, MoveOutcome outcome, String namespace,
            ObjectRef object, String message) {
        return new MoveReport(decision.groupId(), decision.decisionId(), decision.type().code(), decision.step(),
                decision.fromSite(), decision.site(), action.code(), outcome, Instant.now(), namespace, object,
                message);
    }
}
