package io.datamover.kube.kubernetes;

import io.datamover.events.ApplicationExported;
import io.datamover.events.PlacementDecision;
import io.datamover.kube.domain.Conditions;
import io.datamover.kube.domain.MoveAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * This site's part of each move of an application, from the exports it holds (the latest per group and target) and
 * the steps of placement's decisions. A step that fails is logged naming the object and the reason, and shown as
 * {@code Moved=False MoveFailed} on the group's ProtectedApplication here, if it has one; an abort still removes
 * whatever was created.
 */
public class Moves {

    private static final Logger LOG = Logger.getLogger(Moves.class);

    private final String site;
    private final MoveApplier applier;
    private final MoveConditions conditions;
    private final Runnable onChange;
    private final Map<String, ApplicationExported> exports = new ConcurrentHashMap<>();

    public Moves(String site, MoveApplier applier, MoveConditions conditions, Runnable onChange) {
        this.site = site;
        this.applier = applier;
        this.conditions = conditions;
        this.onChange = onChange;
    }

    /** Keeps the latest export of its group for its target. */
    public void exported(ApplicationExported export) {
        exports.put(export.key(), export);
    }

    /**
     * Carries out what the decision's step asks of this site, if anything.
     *
     * @return false when the step failed for a reason that may pass, so that it is to be tried again; true when it
     *     was carried out, asked nothing of this site, or failed for good (reported)
     */
    public boolean decided(PlacementDecision decision) {
        MoveAction action = MoveAction.of(decision, site);
        if (action == MoveAction.NONE) {
            return true;
        }
        String where = action == MoveAction.STEP_DOWN ? decision.fromSite() : site;
        ApplicationExported export = exports.get(ApplicationExported.key(decision.groupId(), decision.site()));
        if (export == null || !export.site().equals(decision.fromSite())) {
            fail(decision, action, "no export of group " + decision.groupId() + " from " + decision.fromSite()
                    + " for " + decision.site() + " is known here");
            return true;
        }
        LOG.infof("group %s, decision %s, step %s: %s at %s (namespace %s)", decision.groupId(),
                decision.decisionId(), decision.step(), action, where, action == MoveAction.STEP_DOWN
                        ? export.sourceNamespace() : export.targetNamespace());
        try {
            switch (action) {
                case STAGE -> applier.stage(export, decision.decisionId());
                case COMPLETE -> applier.complete(export, decision.decisionId(), decision.snapshots());
                case ABORT -> applier.abort(export, decision.decisionId());
                case STEP_DOWN -> applier.stepDown(export);
                case NONE -> throw new IllegalStateException("no action is taken for NONE");
            }
        } catch (MoveException e) {
            if (e.mayPass()) {
                LOG.warnf("group %s, decision %s, step %s: %s at %s failed, tried again: %s", decision.groupId(),
                        decision.decisionId(), decision.step(), action, site, e.getMessage());
                conditions.put(decision.groupId(), Conditions.of(MoveConditions.MOVED, false, "MoveRetrying",
                        "decision " + decision.decisionId() + " (" + decision.step() + "): " + action + " at " + site
                                + " failed, tried again: " + e.getMessage()));
                onChange.run();
                return false;
            }
            fail(decision, action, e.getMessage());
            return true;
        }
        String done = switch (action) {
            case STAGE -> "staged in namespace " + export.targetNamespace() + " with its workloads at 0 replicas";
            case COMPLETE -> "applied in namespace " + export.targetNamespace() + ", its claims restored from "
                    + decision.snapshots();
            case ABORT -> "removed from namespace " + export.targetNamespace();
            default -> "scaled to 0 in namespace " + export.sourceNamespace() + ": it runs at " + decision.site();
        };
        LOG.infof("group %s, decision %s, step %s at %s: %s", decision.groupId(), decision.decisionId(),
                decision.step(), site, done);
        conditions.put(decision.groupId(), Conditions.of(MoveConditions.MOVED, status(action), reason(action),
                "decision " + decision.decisionId() + " (" + decision.step() + "): " + done));
        onChange.run();
        return true;
    }

    private void fail(PlacementDecision decision, MoveAction action, String why) {
        LOG.errorf("group %s, decision %s, step %s: %s at %s failed: %s", decision.groupId(), decision.decisionId(),
                decision.step(), action, site, why);
        conditions.put(decision.groupId(), Conditions.of(MoveConditions.MOVED, false, "MoveFailed", "decision "
                + decision.decisionId() + " (" + decision.step() + "): " + action + " at " + site + " failed: " + why));
        onChange.run();
    }

    /** Moved once applied at the target or stepped down at the source; not yet while staged; not at all if aborted. */
    private static String status(MoveAction action) {
        return switch (action) {
            case COMPLETE, STEP_DOWN -> Conditions.TRUE;
            case STAGE -> Conditions.UNKNOWN;
            default -> Conditions.FALSE;
        };
    }

    private static String reason(MoveAction action) {
        return switch (action) {
            case STAGE -> "Staged";
            case COMPLETE -> "Applied";
            case ABORT -> "Aborted";
            default -> "SteppedDown";
        };
    }
}
