package io.datamover.kube.kubernetes;

import io.datamover.events.ApplicationExported;
import io.datamover.events.PlacementDecision;
import io.datamover.kube.domain.Conditions;
import io.datamover.kube.domain.KnownExports;
import io.datamover.kube.domain.MoveAction;
import io.datamover.kube.domain.MoveOutcome;
import io.datamover.kube.domain.MoveReport;
import io.datamover.kube.domain.ObjectRef;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * This site's part of each move of an application, from the exports known here (the latest per group and target) and
 * the steps of placement's decisions. Every step carried out or failed is reported where a platform engineer looks,
 * whether or not the group has a ProtectedApplication here: as a Kubernetes Event ({@link MoveRecorder}), in
 * {@code GET /moves} ({@link MoveLog}), in the log, and as the {@code Moved} condition of the group's
 * ProtectedApplication here, if it has one. An abort still removes whatever was created.
 */
public class Moves {

    private static final Logger LOG = Logger.getLogger(Moves.class);

    private final String site;
    private final MoveApplier applier;
    private final KnownExports exports;
    private final MoveConditions conditions;
    private final MoveLog log;
    private final MoveRecorder recorder;
    private final Runnable onChange;

    public Moves(String site, MoveApplier applier, KnownExports exports, MoveConditions conditions, MoveLog log,
            MoveRecorder recorder, Runnable onChange) {
        this.site = site;
        this.applier = applier;
        this.exports = exports;
        this.conditions = conditions;
        this.log = log;
        this.recorder = recorder;
        this.onChange = onChange;
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
        Optional<ApplicationExported> known = exports.find(ApplicationExported.key(decision.groupId(),
                decision.site())).filter(export -> export.site().equals(decision.fromSite()));
        if (known.isEmpty()) {
            report(decision, action, MoveOutcome.FAILED, null, null, "no export of group " + decision.groupId()
                    + " from " + decision.fromSite() + " for " + decision.site() + " is known here (never exported, or"
                    + " withdrawn: its ProtectedApplication at " + decision.fromSite() + " was deleted, became invalid"
                    + " or no longer names this location); nothing was applied");
            return true;
        }
        ApplicationExported export = known.get();
        String namespace = action == MoveAction.STEP_DOWN ? export.sourceNamespace() : export.targetNamespace();
        LOG.infof("group %s, decision %s, step %s: %s at %s (namespace %s)", decision.groupId(),
                decision.decisionId(), decision.step(), action.code(), site, namespace);
        try {
            switch (action) {
                case STAGE -> applier.stage(export, decision.decisionId());
                case COMPLETE -> applier.complete(export, decision.decisionId(), decision.snapshots());
                case ABORT -> applier.abort(export, decision.decisionId());
                case STEP_DOWN -> applier.stepDown(export);
                case NONE -> throw new IllegalStateException("no action is taken for NONE");
            }
        } catch (MoveException e) {
            MoveOutcome outcome = e.mayPass() ? MoveOutcome.RETRYING : MoveOutcome.FAILED;
            report(decision, action, outcome, namespace, e.object(), e.getMessage()
                    + (e.mayPass() ? "; tried again" : ""));
            return !e.mayPass();
        }
        report(decision, action, MoveOutcome.done(action), namespace, null, switch (action) {
            case STAGE -> "staged in namespace " + namespace + " with its workloads at 0 replicas";
            case COMPLETE -> "applied in namespace " + namespace + ", its claims restored from "
                    + decision.snapshots();
            case ABORT -> "removed from namespace " + namespace;
            default -> "scaled to 0 in namespace " + namespace + ": it runs at " + decision.site();
        });
        return true;
    }

    private void report(PlacementDecision decision, MoveAction action, MoveOutcome outcome, String namespace,
            ObjectRef object, String what) {
        String message = "group " + decision.groupId() + ", decision " + decision.decisionId() + " ("
                + decision.type().code() + " from " + decision.fromSite() + " to " + decision.site() + "), step "
                + decision.step() + ": " + action.code() + " at " + site + (outcome.isWarning() ? " failed: " : ": ")
                + what;
        MoveReport report = MoveReport.of(decision, action, outcome, namespace, object, message);
        switch (outcome) {
            case FAILED -> LOG.error(message);
            case RETRYING -> LOG.warn(message);
            default -> LOG.info(message);
        }
        log.put(report);
        recorder.record(report);
        conditions.put(decision.groupId(), Conditions.of(MoveConditions.MOVED, status(outcome), outcome.reason(),
                message));
        onChange.run();
    }

    /** Moved once applied at the target or stepped down at the source; not yet while staged; not at all if aborted. */
    private static String status(MoveOutcome outcome) {
        return switch (outcome) {
            case APPLIED, STEPPED_DOWN -> Conditions.TRUE;
            case STAGED -> Conditions.UNKNOWN;
            default -> Conditions.FALSE;
        };
    }
}
