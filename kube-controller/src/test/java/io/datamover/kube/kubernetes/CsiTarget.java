package io.datamover.kube.kubernetes;

import io.datamover.events.ApplicationExported;
import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Versions;
import io.datamover.kube.domain.KnownExports;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.MoveReport;
import io.datamover.kube.domain.SnapshotCopies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The target of a move at a csi site, against a Fabric8 mock API server in CRUD mode, for the tests of moves there:
 * the controller's client, the log and Events of its steps, and the replicas' VolumeSnapshots and contents as
 * transfer-service and the snapshot controller leave them in the replica namespace (the mock has no snapshot
 * controller).
 */
final class CsiTarget implements AutoCloseable {

    static final String SITE = "falkenberg";
    static final String REPLICAS = "datamover";
    static final String DRIVER = "ebs.csi.aws.com";
    static final long TEN_GIB = 10L << 30;

    private final KubernetesMockServer server = MockClients.crudServer();
    private final KubernetesClient client = MockClients.withoutRetries(server);
    private final MoveLog log = new MoveLog();
    private final MoveRecorder recorder = new MoveRecorder(client, SITE, REPLICAS);

    KubernetesMockServer server() {
        return server;
    }

    KubernetesClient client() {
        return client;
    }

    /** This site's part of the moves of {@code export}, its replicas in {@code replicaNamespace}. */
    Moves moves(String replicaNamespace, ApplicationExported export) {
        KnownExports exports = new KnownExports();
        exports.put(export);
        return new Moves(SITE, new MoveApplier(client, Optional.of(replicaNamespace)), exports, new MoveConditions(),
                log, recorder, () -> { });
    }

    /** A step of the move of {@code group} from stockholm to this site, restoring {@code snapshots}. */
    static PlacementDecision decision(DecisionType type, String step, String group, Map<String, Long> snapshots) {
        return new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(),
                "move-" + group + "-1767225630000", type, step, group, List.copyOf(snapshots.keySet()), "stockholm",
                SITE, "test: " + step, new TreeMap<>(snapshots));
    }

    /** The last step of the group's move taken here. */
    MoveReport report(String group) {
        return log.find(group).orElseThrow();
    }

    /** The contents the data mover made. */
    List<GenericKubernetesResource> copiedContents() {
        return client.genericKubernetesResources(SnapshotCopier.CONTENTS)
                .withLabel(MovePlan.MANAGED_BY_LABEL, MovePlan.MANAGED_BY).list().getItems();
    }

    /**
     * VolumeSnapshot {@code <volumeId>.<snapshot>} of the replica claim in the replica namespace, labelled as
     * transfer-service labels it, bound to content {@code contentName}: ready (or failed, with the error) with the
     * driver's {@code handle} and a restore size of 10 GiB.
     */
    void replicaSnapshot(String volumeId, long snapshot, String contentName, String handle, boolean ready,
            String error) {
        Map<String, Object> status = new TreeMap<>(Map.of("boundVolumeSnapshotContentName", contentName,
                "readyToUse", ready));
        if (error != null) {
            status.put("error", Map.of("message", error));
        }
        String name = MovePlan.snapshotName(volumeId, snapshot);
        create(SnapshotCopier.SNAPSHOTS, REPLICAS, name, Map.of("source",
                Map.of("persistentVolumeClaimName", "replica-" + volumeId)), status);
        create(SnapshotCopier.CONTENTS, null, contentName, Map.of("deletionPolicy", "Delete",
                "driver", DRIVER, "source", Map.of("volumeHandle", "vol-replica-" + volumeId),
                "volumeSnapshotRef", Map.of("namespace", REPLICAS, "name", name)),
                Map.of("readyToUse", ready, "snapshotHandle", handle, "restoreSize", TEN_GIB));
    }

    private void create(ResourceDefinitionContext context, String namespace, String name, Map<String, Object> spec,
            Map<String, Object> status) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(SnapshotCopies.API_VERSION);
        object.setKind(context.getKind());
        object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Map.of(MovePlan.MANAGED_BY_LABEL, "datamover-transfer-service")).build());
        object.setAdditionalProperty("spec", spec);
        object.setAdditionalProperty("status", status);
        if (namespace == null) {
            client.genericKubernetesResources(context).resource(object).create();
        } else {
            client.genericKubernetesResources(context).inNamespace(namespace).resource(object).create();
        }
    }

    @Override
    public void close() {
        recorder.close();
        client.close();
        server.destroy();
    }
}
