package io.datamover.kube.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ApplicationExported;
import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.kube.domain.MoveOutcome;
import io.datamover.kube.domain.MoveReport;
import io.datamover.kube.domain.SnapshotCopies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The copies a move to a csi target made of the replicas' VolumeSnapshots, deleted once the restores they serve are
 * done, against the Fabric8 mock API server in CRUD mode. The test plays transfer-service and the snapshot controller
 * (the replicas' VolumeSnapshots and contents) and the binder (a claim's phase); every pass is a new
 * {@link CopyCleaner}, as after a restart, so that nothing is carried over in memory.
 */
class CopyCleanerTest {

    private static final String SITE = CsiTarget.SITE;
    private static final String REPLICAS = CsiTarget.REPLICAS;
    private static final String GROUP = "webshop-1";
    private static final String APP = "shop-dr";
    private static final String SNAPSHOTS_PATH = "/apis/snapshot.storage.k8s.io/v1/";
    private static final ApplicationExported EXPORT = ApplicationExported.of(GROUP, "stockholm", SITE, "shop", APP,
            List.of(claim("data"), claim("logs"), Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata",
                    Map.of("name", "web"), "spec", Map.of("replicas", 2))),
            Map.of("data", "pvc-1", "logs", "pvc-2"));

    private CsiTarget target;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private Moves moves;

    @BeforeEach
    void start() {
        target = new CsiTarget();
        server = target.server();
        client = target.client();
        moves = target.moves(REPLICAS, EXPORT);
        target.replicaSnapshot("pvc-1", 42, "snapcontent-1", "snap-1", true, null);
        target.replicaSnapshot("pvc-2", 7, "snapcontent-2", "snap-2", true, null);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void shouldKeepEachCopyWhileAClaimRestoredFromItIsNotBound() {
        complete("promote");
        bind("data");
        client.persistentVolumeClaims().inNamespace(APP).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-clone").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewDataSourceRef()
                .withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot").withName("pvc-1.42")
                .endDataSourceRef().withNewResources().withRequests(Map.of("storage", new Quantity("10Gi")))
                .endResources().endSpec().build()).create();
        client.persistentVolumeClaims().inNamespace(APP).withName("logs").edit(claim -> {
            claim.getSpec().setVolumeName("pvc-restored-2");
            return claim;
        });

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).as("pvc-1.42 held by the clone, pvc-2.7 by logs: named its volume, not Bound")
                .containsExactlyInAnyOrder("pvc-1.42", "pvc-2.7");
        assertThat(copiedContents()).hasSize(2);
    }

    @Test
    void shouldDeleteEachCopyOnceEveryClaimRestoredFromItIsBound() {
        complete("promote");
        bind("data");

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).containsExactly("pvc-2.7");
        assertThat(copiedContents()).singleElement().satisfies(content -> assertThat(content
                .<Object>get("spec", "volumeSnapshotRef", "name")).isEqualTo("pvc-2.7"));

        bind("logs");
        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).isEmpty();
        assertThat(copiedContents()).isEmpty();
        assertThat(client.persistentVolumeClaims().inNamespace(APP).list().getItems())
                .extracting(claim -> claim.getSpec().getDataSource().getName())
                .containsExactlyInAnyOrder("pvc-1.42", "pvc-2.7");
    }

    @Test
    void shouldDeleteACopyWhoseClaimIsGone() {
        complete("promote");
        client.persistentVolumeClaims().inNamespace(APP).withName("data").delete();

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).as("logs is not Bound").containsExactly("pvc-2.7");
        assertThat(copiedContents()).hasSize(1);
    }

    @Test
    void shouldLeaveTheReplicasOwnVolumeSnapshotsAndContents() {
        complete("promote");
        bind("data");
        bind("logs");

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedContents()).isEmpty();
        assertThat(client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(REPLICAS).list()
                .getItems()).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("pvc-1.42",
                        "pvc-2.7");
        assertThat(client.genericKubernetesResources(SnapshotCopier.CONTENTS).list().getItems())
                .extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("snapcontent-1", "snapcontent-2");
    }

    @Test
    void shouldLeaveTheCopiesOfADecisionWhoseClaimsAreNotCreatedYet() {
        server.expect().post().withPath("/api/v1/namespaces/" + APP + "/persistentvolumeclaims")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).once();
        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promote"))).as("to be tried again").isFalse();
        assertThat(client.persistentVolumeClaims().inNamespace(APP).list().getItems()).isEmpty();

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).as("no claim names them yet, but theirs are to come")
                .containsExactlyInAnyOrder("pvc-1.42", "pvc-2.7");
        assertThat(copiedContents()).hasSize(2);

        complete("promote");
        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).as("the claims are created, not Bound").hasSize(2);
    }

    @Test
    void shouldLeaveTheCopiesOfADecisionBeingAbortedToTheAbort() {
        moves.decided(decision(DecisionType.SWITCHOVER, "freeze"));
        server.expect().post().withPath("/api/v1/namespaces/" + APP + "/persistentvolumeclaims")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).once();
        assertThat(moves.decided(decision(DecisionType.SWITCHOVER, "commit"))).isFalse();
        server.expect().delete().withPath(SNAPSHOTS_PATH + "namespaces/" + APP + "/volumesnapshots/pvc-1.42")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).once();
        assertThat(moves.decided(decision(DecisionType.ABORT, "abort"))).as("to be tried again")
                .isFalse();

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).containsExactlyInAnyOrder("pvc-1.42", "pvc-2.7");
        assertThat(copiedContents()).hasSize(2);

        assertThat(moves.decided(decision(DecisionType.ABORT, "abort"))).isTrue();
        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.ABORTED);
        assertThat(copiedSnapshots()).isEmpty();
        assertThat(copiedContents()).isEmpty();
    }

    @Test
    void shouldChangeNothingOnASecondPass() throws InterruptedException {
        complete("promote");
        bind("data");
        bind("logs");
        new CopyCleaner(client, REPLICAS).clean();
        assertThat(copiedSnapshots()).isEmpty();
        int before = server.getRequestCount();

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(snapshotWritesSince(before)).isEmpty();
        assertThat(copiedContents()).isEmpty();
    }

    @Test
    void shouldTryAFailedDeleteAgainOnTheNextPass() {
        complete("promote");
        bind("data");
        bind("logs");
        server.expect().delete().withPath(SNAPSHOTS_PATH + "namespaces/" + APP + "/volumesnapshots/pvc-1.42")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).once();
        String logsContent = contentOf("pvc-2.7");
        server.expect().delete().withPath(SNAPSHOTS_PATH + "volumesnapshotcontents/" + logsContent)
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).once();

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).as("its delete failed").containsExactly("pvc-1.42");
        assertThat(copiedContents()).as("pvc-1.42's: its VolumeSnapshot is there; pvc-2.7's: its delete failed")
                .hasSize(2);

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).isEmpty();
        assertThat(copiedContents()).isEmpty();
    }

    @Test
    void shouldReleaseTheCopiesOnceACompleteInterruptedAfterTheClaimsIsTriedAgain() {
        server.expect().patch().withPath(SNAPSHOTS_PATH + "namespaces/" + APP + "/volumesnapshots/pvc-1.42")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).once();
        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promote"))).as("to be tried again").isFalse();
        bind("data");
        bind("logs");

        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).as("not all labelled: complete has not seen every claim created")
                .contains("pvc-1.42");
        assertThat(copiedContents()).as("labelled, but their VolumeSnapshots are there").hasSize(2);

        complete("promote");
        new CopyCleaner(client, REPLICAS).clean();

        assertThat(copiedSnapshots()).isEmpty();
        assertThat(copiedContents()).isEmpty();
    }

    /** The second step of a failover finds the claims restored: it copies nothing again, though the replica pruned. */
    @Test
    void shouldNotCopyAgainForTheClaimsTheDecisionHasRestored() {
        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();
        bind("data");
        bind("logs");
        new CopyCleaner(client, REPLICAS).clean();
        client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(REPLICAS).withName("pvc-1.42")
                .delete();

        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promoted"))).isTrue();

        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.APPLIED);
        assertThat(copiedSnapshots()).isEmpty();
        assertThat(copiedContents()).isEmpty();
    }

    private void complete(String step) {
        assertThat(moves.decided(decision(DecisionType.FAILOVER, step))).isTrue();
        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.APPLIED);
    }

    /** The binder: the claim's volume is provisioned from its snapshot and bound to it. */
    private void bind(String claim) {
        client.persistentVolumeClaims().inNamespace(APP).withName(claim).editStatus(pvc -> {
            pvc.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase(SnapshotCopies.BOUND).build());
            return pvc;
        });
    }

    private List<String> copiedSnapshots() {
        return client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(APP).list().getItems()
                .stream().map(s -> s.getMetadata().getName()).toList();
    }

    private List<GenericKubernetesResource> copiedContents() {
        return target.copiedContents();
    }

    private String contentOf(String snapshot) {
        return client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(APP).withName(snapshot).get()
                .get("spec", "source", "volumeSnapshotContentName");
    }

    /** The requests that wrote VolumeSnapshots or contents after the first {@code before} the server took. */
    private List<String> snapshotWritesSince(int before) throws InterruptedException {
        int after = server.getRequestCount();
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < after; i++) {
            RecordedRequest request = server.takeRequest();
            if (i >= before && request.getPath().startsWith(SNAPSHOTS_PATH) && !request.getMethod().equals("GET")) {
                writes.add(request.getMethod() + " " + request.getPath());
            }
        }
        return writes;
    }

    private MoveReport report() {
        return target.report(GROUP);
    }

    private static PlacementDecision decision(DecisionType type, String step) {
        return CsiTarget.decision(type, step, GROUP, Map.of("pvc-1", 42L, "pvc-2", 7L));
    }

    private static Map<String, Object> claim(String name) {
        return Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "metadata", Map.of("name", name), "spec",
                Map.of("accessModes", List.of("ReadWriteOnce"), "volumeMode", "Filesystem", "resources",
                        Map.of("requests", Map.of("storage", "1Gi"))));
    }
}
