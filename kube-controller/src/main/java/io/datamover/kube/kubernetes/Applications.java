package io.datamover.kube.kubernetes;

import io.datamover.kube.client.GroupRequest;
import io.datamover.kube.client.SnapshotServiceException;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.crd.ProtectedApplicationStatus;
import io.datamover.kube.domain.ApplicationStatuses;
import io.datamover.kube.domain.Problem;
import io.datamover.kube.domain.Registration;
import io.datamover.kube.kubernetes.Registrar.Outcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Each ProtectedApplication as one volume group of the snapshot-service. A finalizer keeps a deleted application
 * until its group is removed; an invalid one, or one with no bound claim, has no group.
 */
public class Applications {

    /** Held by every ProtectedApplication while its group may exist at the snapshot-service. */
    public static final String FINALIZER = "datamover.io/volume-group";

    private static final Logger LOG = Logger.getLogger(Applications.class);

    private final KubernetesClient client;
    private final Registrar registrar;
    private final HookPods hookPods;
    private final StatusWriter statuses;
    private final MoveConditions moves;

    public Applications(KubernetesClient client, Registrar registrar, HookPods hookPods, StatusWriter statuses,
            MoveConditions moves) {
        this.client = client;
        this.registrar = registrar;
        this.hookPods = hookPods;
        this.statuses = statuses;
        this.moves = moves;
    }

    /** Removes the group of a deleted application, then lets it go. */
    public void finish(ApplicationPlan plan) {
        if (!hasFinalizer(plan.resource())) {
            return;
        }
        SnapshotServiceException failure = registrar.removeGroup(plan.groupId());
        if (failure != null) {
            LOG.warnf("ProtectedApplication %s was deleted, but its group %s could not be removed: %s; trying again",
                    plan.name(), plan.groupId(), failure.getMessage());
            return;
        }
        LOG.infof("ProtectedApplication %s deleted: group %s removed", plan.name(), plan.groupId());
        editFinalizers(plan.resource(), false);
    }

    /** Brings the application's group to what its spec asks for and writes its status. */
    public void reconcile(ApplicationPlan plan) {
        if (!hasFinalizer(plan.resource()) && !editFinalizers(plan.resource(), true)) {
            return;
        }
        List<Problem> hookProblems = new ArrayList<>(plan.terms().isValid() ? hookPods.check(plan.terms().value())
                : List.of());
        Outcome outcome = register(plan);
        hookProblems.addAll(outcome.hookProblems());
        ProtectedApplicationStatus status = ApplicationStatuses.of(plan.groupId(), plan.terms(), plan.claims(),
                hookProblems, outcome.registration(), outcome.progress());
        List<Condition> conditions = new ArrayList<>(status.getConditions());
        conditions.addAll(moves.of(plan.groupId()));
        status.setConditions(conditions);
        statuses.write(ProtectedApplication.class, plan.resource(), status);
    }

    private Outcome register(ApplicationPlan plan) {
        GroupRequest request = plan.request();
        if (request != null) {
            return registrar.group(plan.groupId(), request);
        }
        SnapshotServiceException failure = registrar.removeGroup(plan.groupId());
        if (failure != null) {
            return new Outcome(Registration.notRegistered(failure.kind().reason(), "nothing to protect ("
                    + (plan.terms().isValid() ? "no bound claim" : "the spec is invalid") + "), but group "
                    + plan.groupId() + " could not be removed: " + failure.getMessage()), Map.of());
        }
        if (!plan.terms().isValid()) {
            return new Outcome(Registration.notRegistered("SpecInvalid", "not protected: the spec is invalid (see"
                    + " the Valid condition); group " + plan.groupId() + " is not registered"), Map.of());
        }
        return new Outcome(Registration.notRegistered("NoBoundClaims", "not protected: no claim the selector"
                + " matches is bound to a PersistentVolume (see the VolumesBound condition)"), Map.of());
    }

    private static boolean hasFinalizer(ProtectedApplication resource) {
        return resource.getMetadata().getFinalizers().contains(FINALIZER);
    }

    private boolean editFinalizers(ProtectedApplication resource, boolean add) {
        try {
            client.resources(ProtectedApplication.class).inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName()).edit(current -> {
                        List<String> finalizers = new ArrayList<>(current.getMetadata().getFinalizers());
                        finalizers.remove(FINALIZER);
                        if (add) {
                            finalizers.add(FINALIZER);
                        }
                        current.getMetadata().setFinalizers(finalizers);
                        return current;
                    });
            return true;
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot %s the finalizer of ProtectedApplication %s: %s", add ? "add" : "remove",
                    resource.getMetadata().getName(), e.getMessage());
            return false;
        }
    }
}
