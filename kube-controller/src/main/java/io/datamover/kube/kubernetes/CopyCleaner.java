package io.datamover.kube.kubernetes;

import static io.datamover.kube.kubernetes.ApiCalls.api;
import static io.datamover.kube.kubernetes.ApiCalls.labels;

import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.ObjectRef;
import io.datamover.kube.domain.SnapshotCopies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes the copies of csi replicas' VolumeSnapshots ({@link SnapshotCopier}) once the restore they serve has
 * happened: a copied VolumeSnapshot that complete labelled {@value SnapshotCopies#CLAIMS_CREATED_LABEL} and no claim of
 * its namespace still needs ({@link SnapshotCopies#isHeld}), then each such content whose VolumeSnapshot is gone (its
 * {@code Retain} policy leaves the storage system's snapshot to the replica's own content). Everything is read from
 * the API server on each pass, so a controller restarted halfway finishes the work; the replica namespace is never
 * touched. A failure is logged and tried again on the next pass.
 */
public class CopyCleaner {

    private static final Logger LOG = Logger.getLogger(CopyCleaner.class);
    /** The copies complete made and has created every claim of: a decision's, labelled by the controller. */
    private static final Map<String, String> RELEASABLE = Map.of(MovePlan.MANAGED_BY_LABEL, MovePlan.MANAGED_BY,
            SnapshotCopies.CLAIMS_CREATED_LABEL, SnapshotCopies.CLAIMS_CREATED);

    private final KubernetesClient client;
    private final String replicaNamespace;

    public CopyCleaner(KubernetesClient client, String replicaNamespace) {
        this.client = client;
        this.replicaNamespace = replicaNamespace;
    }

    /** One pass: the VolumeSnapshots no claim needs any more, then the contents whose VolumeSnapshot is gone. */
    public void clean() {
        attempt(this::deleteReleasedSnapshots);
        attempt(this::deleteOrphanedContents);
    }

    private void deleteReleasedSnapshots() {
        List<GenericKubernetesResource> copies = api("list the copied VolumeSnapshots whose claims are created", null,
                () -> client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inAnyNamespace()
                        .withLabels(RELEASABLE).withLabel(MovePlan.DECISION_LABEL).list().getItems());
        Map<String, List<GenericKubernetesResource>> byNamespace = copies.stream()
                .filter(copy -> !replicaNamespace.equals(copy.getMetadata().getNamespace()) && !isDeleting(copy))
                .collect(Collectors.groupingBy(copy -> copy.getMetadata().getNamespace(), TreeMap::new,
                        Collectors.toList()));
        byNamespace.forEach((namespace, snapshots) -> attempt(() -> {
            // Read after the copies: a copy labelled so has its claims created before, and this read sees them.
            List<PersistentVolumeClaim> claims = api("list the claims of namespace " + namespace, null,
                    () -> client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
            snapshots.stream().filter(copy -> !SnapshotCopies.isHeld(copy.getMetadata().getName(), claims))
                    .forEach(copy -> attempt(() -> delete(copy, SnapshotCopier.ref(SnapshotCopies.SNAPSHOT,
                            namespace, copy.getMetadata().getName()), "every claim restored from it is Bound",
                            () -> client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(namespace)
                                    .withName(copy.getMetadata().getName()))));
        }));
    }

    private void deleteOrphanedContents() {
        List<GenericKubernetesResource> contents = api("list the copied VolumeSnapshotContents whose claims are"
                + " created", null, () -> client.genericKubernetesResources(SnapshotCopier.CONTENTS)
                        .withLabels(RELEASABLE).withLabel(MovePlan.DECISION_LABEL).list().getItems());
        for (GenericKubernetesResource content : contents) {
            String namespace = SnapshotCopier.text(content.get("spec", "volumeSnapshotRef", "namespace"));
            String name = SnapshotCopier.text(content.get("spec", "volumeSnapshotRef", "name"));
            if (namespace == null || name == null || replicaNamespace.equals(namespace) || isDeleting(content)) {
                continue;
            }
            ObjectRef snapshot = SnapshotCopier.ref(SnapshotCopies.SNAPSHOT, namespace, name);
            attempt(() -> {
                if (api("read " + snapshot, snapshot, () -> client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS)
                        .inNamespace(namespace).withName(name).get()) == null) {
                    delete(content, SnapshotCopier.ref(SnapshotCopies.CONTENT, null, content.getMetadata().getName()),
                            "its " + snapshot + " is deleted", () -> client.genericKubernetesResources(
                                    SnapshotCopier.CONTENTS).withName(content.getMetadata().getName()));
                }
            });
        }
    }

    private static void delete(GenericKubernetesResource copy, ObjectRef ref, String why,
            Supplier<Resource<GenericKubernetesResource>> resource) {
        String decision = labels(copy).get(MovePlan.DECISION_LABEL);
        api("delete " + ref + " copied for decision " + decision, ref, () -> resource.get().delete());
        LOG.infof("deleted %s, copied for decision %s of group %s: %s", ref, decision,
                labels(copy).get(MovePlan.GROUP_LABEL), why);
    }

    /** Deleted already, its finalizers not yet done: deleting it again would only log it again. */
    private static boolean isDeleting(GenericKubernetesResource copy) {
        return copy.getMetadata().getDeletionTimestamp() != null;
    }

    /** Runs one part of the pass; a failure is a warning, and the next pass tries again. */
    private static void attempt(Runnable part) {
        try {
            part.run();
        } catch (MoveException e) {
            LOG.warnf("%s; tried again on the next pass", e.getMessage());
        }
    }
}
