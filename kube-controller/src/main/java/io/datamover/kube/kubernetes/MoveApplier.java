package io.datamover.kube.kubernetes;

import static io.datamover.kube.kubernetes.ApiCalls.api;
import static io.datamover.kube.kubernetes.ApiCalls.labels;
import static io.datamover.kube.kubernetes.ApiCalls.orEmpty;

import io.datamover.events.ApplicationExported;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.Ids;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.MovePlan.Restore;
import io.datamover.kube.domain.ObjectRef;
import io.datamover.kube.domain.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Carries out a move's steps on this cluster from the application's export: staging and completing it at the
 * target, removing it on abort, scaling it to 0 at the site it left. Every step looks at what exists first, so that
 * a step repeated after a restart goes on where the last attempt stopped.
 */
public class MoveApplier {

    private static final Logger LOG = Logger.getLogger(MoveApplier.class);

    /** Objects Kubernetes puts into every namespace: they do not keep a namespace the data mover made. */
    private static final Set<String> NAMESPACE_DEFAULTS = Set.of("ConfigMap/kube-root-ca.crt",
            "ServiceAccount/default");

    private final KubernetesClient client;
    private final Optional<String> replicaNamespace;

    /**
     * @param replicaNamespace where this site's csi replicas keep their VolumeSnapshots; empty where the claims
     *     restore from VolumeSnapshots of their own namespace
     */
    public MoveApplier(KubernetesClient client, Optional<String> replicaNamespace) {
        this.client = client;
        this.replicaNamespace = replicaNamespace;
    }

    /** Creates the namespace (if missing) and the staged objects that do not exist yet. */
    public void stage(ApplicationExported export, String decisionId) {
        String namespace = export.targetNamespace();
        String label = Ids.decisionLabel(decisionId);
        api("read namespace " + namespace, null, () -> {
            if (client.namespaces().withName(namespace).get() == null) {
                Namespace created = new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels(MovePlan.MANAGED_BY_LABEL, MovePlan.MANAGED_BY)
                        .addToLabels(MovePlan.DECISION_LABEL, label).endMetadata().build();
                client.namespaces().resource(created).create();
            }
            return null;
        });
        MovePlan.staged(export, decisionId).forEach(object -> create(namespace, object, label));
    }

    /**
     * Stages what is missing, creates the claims from the snapshots, then scales the workloads up. Where the replicas'
     * VolumeSnapshots are in another namespace, each is checked first and copied into the export's namespace before
     * the claims are created, except for a claim the decision has made already (a step tried again, or the second
     * step of a move): its copy may be deleted already ({@link CopyCleaner}), and the replica's VolumeSnapshot with
     * it. Once every claim is created, the copies are labelled so. A claim of the same name that the csi backend
     * stepped down to a replica when the application moved away from here is deleted first: the snapshot restored
     * now is newer than what it holds.
     */
    public void complete(ApplicationExported export, String decisionId, Map<String, Long> snapshots) {
        Checked<List<Restore>> restores = MovePlan.restores(export, snapshots);
        if (!restores.isValid()) {
            throw new MoveException(Problem.messages(restores.problems()), null);
        }
        String namespace = export.targetNamespace();
        String label = Ids.decisionLabel(decisionId);
        Optional<SnapshotCopier> copier = copier(export);
        List<SnapshotCopier.Copy> copies = copier.map(c -> c.sources(export, restores.value().stream()
                .filter(restore -> !madeFor(namespace, MovePlan.name(restore.claim()), label)).toList()))
                .orElse(List.of());
        stage(export, decisionId);
        copier.ifPresent(c -> c.copy(export, decisionId, copies));
        for (Map<String, Object> claim : MovePlan.claims(export, decisionId, snapshots,
                SnapshotCopier.restoreSizes(copies)).value()) {
            removeSteppedDown(namespace, MovePlan.name(claim));
            create(namespace, claim, label);
        }
        copier.ifPresent(c -> c.markClaimsCreated(namespace, decisionId));
        for (Map<String, Object> object : export.objects()) {
            if (MovePlan.WORKLOADS.contains(object.get("kind"))) {
                scale(namespace, (String) object.get("kind"), MovePlan.name(object), false);
            }
        }
    }

    /**
     * Deletes every object labelled with the decision (the VolumeSnapshots copied from csi replicas and their
     * contents after the claims), and the namespace when the data mover made it for the decision and nothing else is
     * in it.
     */
    public void abort(ApplicationExported export, String decisionId) {
        String namespace = export.targetNamespace();
        String label = Ids.decisionLabel(decisionId);
        for (ExportedKind kind : ExportedKind.values()) {
            List<? extends HasMetadata> made = api("list the " + kind.kind() + "s of decision " + decisionId
                    + " in namespace " + namespace, null, () -> client.resources(kind.type()).inNamespace(namespace)
                            .withLabel(MovePlan.DECISION_LABEL, label).list().getItems());
            for (HasMetadata object : made) {
                String name = object.getMetadata().getName();
                api("delete " + kind.kind() + " " + namespace + "/" + name, kind.ref(namespace, name),
                        () -> client.resources(kind.type()).inNamespace(namespace).withName(name).delete());
            }
        }
        copier(export).ifPresent(c -> c.remove(namespace, decisionId));
        Namespace made = api("read namespace " + namespace, null, () -> client.namespaces().withName(namespace)
                .get());
        if (made == null || !label.equals(labels(made).get(MovePlan.DECISION_LABEL)) || holdsOthers(namespace)) {
            return;
        }
        api("delete namespace " + namespace, null, () -> client.namespaces().withName(namespace).delete());
    }

    /** Whether claim {@code namespace/name} exists, made for the decision (labelled {@code label}). */
    private boolean madeFor(String namespace, String name, String label) {
        ObjectRef ref = ExportedKind.of(MovePlan.CLAIM).orElseThrow().ref(namespace, name);
        PersistentVolumeClaim existing = api("read " + ref, ref, () -> client.persistentVolumeClaims()
                .inNamespace(namespace).withName(name).get());
        return existing != null && label.equals(labels(existing).get(MovePlan.DECISION_LABEL));
    }

    /**
     * Deletes the claim if the csi backend of the snapshot-service stepped it down to a replica; the step is tried
     * again while it is still there (its protection finalizer waits until no pod uses it).
     */
    private void removeSteppedDown(String namespace, String name) {
        ObjectRef ref = ExportedKind.of("PersistentVolumeClaim").orElseThrow().ref(namespace, name);
        PersistentVolumeClaim existing = api("read " + ref, ref, () -> client.persistentVolumeClaims()
                .inNamespace(namespace).withName(name).get());
        if (existing == null || !MovePlan.STEPPED_DOWN.equals(orEmpty(existing.getMetadata().getAnnotations())
                .get(MovePlan.ROLE_ANNOTATION))) {
            return;
        }
        if (existing.getMetadata().getDeletionTimestamp() == null) {
            api("delete " + ref, ref, () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name)
                    .delete());
            LOG.infof("%s stepped down to a replica when the application moved away; deleted, to be restored from"
                    + " the moved snapshot", ref);
        }
        if (api("read " + ref, ref, () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name)
                .get()) != null) {
            throw new MoveException(ref + " stepped down to a replica when the application moved away and is being"
                    + " deleted, to be restored from the moved snapshot", ref, null, true);
        }
    }

    /** Scales the application's workloads at this (source) site to 0, keeping each one's count in the annotation. */
    public void stepDown(ApplicationExported export) {
        for (Map<String, Object> object : export.objects()) {
            if (MovePlan.WORKLOADS.contains(object.get("kind"))) {
                scale(export.sourceNamespace(), (String) object.get("kind"), MovePlan.name(object), true);
            }
        }
    }

    /** The copier of the replicas' VolumeSnapshots, where they are not in the export's namespace. */
    private Optional<SnapshotCopier> copier(ApplicationExported export) {
        return replicaNamespace.filter(replicas -> !replicas.equals(export.targetNamespace()))
                .map(replicas -> new SnapshotCopier(client, replicas));
    }

    private void create(String namespace, Map<String, Object> object, String label) {
        ExportedKind kind = ExportedKind.of(object.get("kind")).orElseThrow(() -> new MoveException(object.get("kind")
                + " " + namespace + "/" + MovePlan.name(object) + " is of a kind the data mover does not apply",
                new ObjectRef(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")), namespace,
                        MovePlan.name(object))));
        create(kind.type(), kind.ref(namespace, MovePlan.name(object)), object, label);
    }

    private <T extends HasMetadata> void create(Class<T> type, ObjectRef ref, Map<String, Object> object,
            String label) {
        String namespace = ref.namespace();
        T wanted = client.getKubernetesSerialization().convertValue(object, type);
        wanted.getMetadata().setNamespace(namespace);
        ApiCalls.createMissing(ref, label, () -> client.resources(type).inNamespace(namespace).withName(ref.name())
                .get(), () -> client.resources(type).inNamespace(namespace).resource(wanted).create());
    }

    /** To 0 with the count kept ({@code down}), or back to the kept count. */
    private void scale(String namespace, String kind, String name, boolean down) {
        ObjectRef ref = ExportedKind.of(kind).orElseThrow().ref(namespace, name);
        if (kind.equals("Deployment")) {
            api("scale " + ref, ref, () -> client.apps().deployments().inNamespace(namespace).withName(name)
                    .edit(d -> {
                        d.getSpec().setReplicas(replicas(d, d.getSpec().getReplicas(), down));
                        return d;
                    }));
        } else {
            api("scale " + ref, ref, () -> client.apps().statefulSets().inNamespace(namespace).withName(name)
                    .edit(s -> {
                        s.getSpec().setReplicas(replicas(s, s.getSpec().getReplicas(), down));
                        return s;
                    }));
        }
    }

    /** The replicas to set; scaling down keeps a running count in the annotation. */
    private static int replicas(HasMetadata workload, Integer current, boolean down) {
        if (!down) {
            return MovePlan.targetReplicas(workload.getMetadata().getAnnotations(), current);
        }
        if (current == null || current > 0) {
            Map<String, String> annotations = new HashMap<>(orEmpty(workload.getMetadata().getAnnotations()));
            annotations.put(MovePlan.REPLICAS_ANNOTATION, Integer.toString(current == null ? 1 : current));
            workload.getMetadata().setAnnotations(annotations);
        }
        return 0;
    }

    private boolean holdsOthers(String namespace) {
        for (ExportedKind kind : ExportedKind.values()) {
            boolean others = api("list the " + kind.kind() + "s in namespace " + namespace, null,
                    () -> client.resources(kind.type()).inNamespace(namespace).list().getItems().stream()
                            .anyMatch(o -> !NAMESPACE_DEFAULTS.contains(kind.kind() + "/"
                                    + o.getMetadata().getName())));
            if (others) {
                return true;
            }
        }
        return false;
    }
}
