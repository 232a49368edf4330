package io.datamover.kube.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.events.ApplicationExported;
import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.kube.domain.MoveOutcome;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.MoveReport;
import io.datamover.kube.domain.ObjectRef;
import io.datamover.kube.domain.SnapshotCopies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A move to a csi target, whose replicas keep their VolumeSnapshots in the replica namespace, against the Fabric8 mock
 * API server in CRUD mode: the claims restore from copies of them in the application's namespace. The mock has no
 * snapshot controller, so the test leaves the replica's VolumeSnapshot and its content as transfer-service and the
 * snapshot controller would.
 */
class CsiRestoreTest {

    private static final String SITE = CsiTarget.SITE;
    private static final String REPLICAS = CsiTarget.REPLICAS;
    private static final String GROUP = "webshop-1";
    private static final String APP = "shop-dr";
    private static final String HANDLE = "snap-0a1b2c3d";
    private static final ApplicationExported EXPORT = ApplicationExported.of(GROUP, "stockholm", SITE, "shop", APP,
            List.of(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "metadata", Map.of("name", "data"),
                            "spec", Map.of("accessModes", List.of("ReadWriteOnce"), "volumeMode", "Filesystem",
                                    "resources", Map.of("requests", Map.of("storage", "1Gi")))),
                    Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "web"),
                            "spec", Map.of("replicas", 2))),
            Map.of("data", "pvc-1"));

    private CsiTarget target;
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        target = new CsiTarget();
        server = target.server();
        client = target.client();
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void shouldRestoreTheClaimFromACopyOfTheReplicasSnapshotInTheApplicationsNamespace() {
        replicaSnapshot(true, null);

        assertThat(moves(REPLICAS).decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();

        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.APPLIED);
        GenericKubernetesResource content = copiedContents().get(0);
        assertThat(content.getMetadata().getAnnotations())
                .containsEntry(SnapshotCopies.ALLOW_VOLUME_MODE_CHANGE, "true");
        assertThat(content.get("spec", "driver").toString()).isEqualTo(CsiTarget.DRIVER);
        assertThat(content.get("spec", "source", "snapshotHandle").toString()).isEqualTo(HANDLE);
        assertThat(content.get("spec", "deletionPolicy").toString()).isEqualTo("Retain");
        assertThat(content.get("spec", "sourceVolumeMode").toString()).isEqualTo("Block");
        assertThat(content.<Object>get("spec", "volumeSnapshotRef", "namespace")).isEqualTo(APP);
        assertThat(content.<Object>get("spec", "volumeSnapshotRef", "name")).isEqualTo("pvc-1.42");
        GenericKubernetesResource copy = snapshot(APP, "pvc-1.42");
        assertThat(copy.<Object>get("spec", "source", "volumeSnapshotContentName"))
                .isEqualTo(content.getMetadata().getName());
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(APP).withName("data").get();
        assertThat(claim.getSpec().getDataSource().getName()).isEqualTo("pvc-1.42");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").getNumericalAmount())
                .as("at least the restore size, though the claim asked for 1Gi")
                .isEqualByComparingTo(new Quantity("10Gi").getNumericalAmount());
        assertThat(client.apps().deployments().inNamespace(APP).withName("web").get().getSpec().getReplicas())
                .isEqualTo(2);
    }

    /** The application comes back to a site it left: the claim stepped down then holds older data than the move. */
    @Test
    void shouldReplaceTheClaimTheCsiBackendSteppedDownWhenTheApplicationMovedAway() {
        replicaSnapshot(true, null);
        claimAt("data", Map.of(MovePlan.ROLE_ANNOTATION, MovePlan.STEPPED_DOWN));

        assertThat(moves(REPLICAS).decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();

        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.APPLIED);
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(APP).withName("data").get();
        assertThat(claim.getSpec().getDataSource().getName()).isEqualTo("pvc-1.42");
        assertThat(claim.getMetadata().getLabels()).containsEntry(MovePlan.VOLUME_LABEL, "pvc-1");
        assertThat(claim.getMetadata().getAnnotations()).doesNotContainKey(MovePlan.ROLE_ANNOTATION);
    }

    @Test
    void shouldLeaveAClaimOfTheSameNameThatNothingSteppedDownAndFailNamingIt() {
        replicaSnapshot(true, null);
        claimAt("data", Map.of());

        assertThat(moves(REPLICAS).decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();

        assertThat(report().outcome()).isEqualTo(MoveOutcome.FAILED);
        assertThat(report().message()).contains("PersistentVolumeClaim " + APP + "/data exists already");
        assertThat(client.persistentVolumeClaims().inNamespace(APP).withName("data").get().getSpec()
                .getDataSource()).isNull();
    }

    @Test
    void shouldFindWhatAnInterruptedStepMadeWhenItIsTriedAgainAndMakeNothingTwice() {
        replicaSnapshot(true, null);
        server.expect().post().withPath("/apis/snapshot.storage.k8s.io/v1/namespaces/" + APP + "/volumesnapshots")
                .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd is busy").build()).once();
        Moves moves = moves(REPLICAS);

        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promote"))).as("to be tried again").isFalse();
        assertThat(report().outcome()).isEqualTo(MoveOutcome.RETRYING);
        assertThat(copiedContents()).as("made before the failure").hasSize(1);
        String uid = copiedContents().get(0).getMetadata().getUid();
        assertThat(uid).isNotNull();

        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();
        assertThat(moves.decided(decision(DecisionType.FAILOVER, "promoted"))).isTrue();

        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.APPLIED);
        assertThat(copiedContents()).as("the same, labelled once the claim was created")
                .singleElement().extracting(c -> c.getMetadata().getUid()).isEqualTo(uid);
        assertThat(client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(APP).list().getItems())
                .extracting(s -> s.getMetadata().getName()).containsExactly("pvc-1.42");
        assertThat(client.persistentVolumeClaims().inNamespace(APP).withName("data").get()).isNotNull();
    }

    @Test
    void shouldFailNamingAMissingReplicaSnapshotAndApplyNothing() {
        assertThat(moves(REPLICAS).decided(decision(DecisionType.FAILOVER, "promote"))).as("not tried again")
                .isTrue();

        String named = "VolumeSnapshot datamover/pvc-1.42 of the replica of volume pvc-1 does not exist";
        assertThat(report().outcome()).isEqualTo(MoveOutcome.FAILED);
        assertThat(report().message()).contains(named);
        assertThat(report().object()).isEqualTo(new ObjectRef("snapshot.storage.k8s.io/v1", "VolumeSnapshot",
                REPLICAS, "pvc-1.42"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events()
                .inNamespace(REPLICAS).list().getItems()).singleElement().satisfies(event -> {
                    assertThat(event.getReason()).isEqualTo("MoveFailed");
                    assertThat(event.getInvolvedObject().getName()).isEqualTo("pvc-1.42");
                    assertThat(event.getMessage()).contains(named);
                }));
        assertNothingApplied();
    }

    @Test
    void shouldFailNamingAReplicaSnapshotThatIsNotReadyAndApplyNothing() {
        replicaSnapshot(false, "Failed to check and update snapshot content: driver timed out");

        assertThat(moves(REPLICAS).decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();

        assertThat(report().outcome()).isEqualTo(MoveOutcome.FAILED);
        assertThat(report().message()).contains("VolumeSnapshot datamover/pvc-1.42 of the replica of volume pvc-1 is"
                + " not readyToUse: Failed to check and update snapshot content: driver timed out");
        assertNothingApplied();
    }

    @Test
    void shouldRemoveTheCopiesOnAbortAndLeaveTheReplicasOwn() {
        replicaSnapshot(true, null);
        Moves moves = moves(REPLICAS);
        moves.decided(decision(DecisionType.SWITCHOVER, "freeze"));
        moves.decided(decision(DecisionType.SWITCHOVER, "commit"));
        assertThat(copiedContents()).as("copied at commit").hasSize(1);

        assertThat(moves.decided(decision(DecisionType.ABORT, "abort"))).isTrue();

        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.ABORTED);
        assertThat(client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(APP).list().getItems())
                .isEmpty();
        assertThat(copiedContents()).isEmpty();
        assertThat(client.namespaces().withName(APP).get()).as("made by the mover for the decision").isNull();
        assertThat(snapshot(REPLICAS, "pvc-1.42")).as("the replica's").isNotNull();
        assertThat(client.genericKubernetesResources(SnapshotCopier.CONTENTS).withName("snapcontent-7f3e").get())
                .as("the replica's").isNotNull();
    }

    @Test
    void shouldRestoreFromTheApplicationsOwnNamespaceWhereTheReplicasAreThere() {
        assertThat(moves(APP).decided(decision(DecisionType.FAILOVER, "promote"))).isTrue();

        assertThat(report().outcome()).as(report().message()).isEqualTo(MoveOutcome.APPLIED);
        assertThat(client.persistentVolumeClaims().inNamespace(APP).withName("data").get().getSpec().getDataSource()
                .getName()).isEqualTo("pvc-1.42");
        assertThat(copiedContents()).isEmpty();
    }

    private void assertNothingApplied() {
        assertThat(client.namespaces().withName(APP).get()).isNull();
        assertThat(client.persistentVolumeClaims().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(copiedContents()).isEmpty();
    }

    private Moves moves(String replicaNamespace) {
        return target.moves(replicaNamespace, EXPORT);
    }

    private static PlacementDecision decision(DecisionType type, String step) {
        return CsiTarget.decision(type, step, GROUP, Map.of("pvc-1", 42L));
    }

    private MoveReport report() {
        return target.report(GROUP);
    }

    private List<GenericKubernetesResource> copiedContents() {
        return target.copiedContents();
    }

    private GenericKubernetesResource snapshot(String namespace, String name) {
        return client.genericKubernetesResources(SnapshotCopier.SNAPSHOTS).inNamespace(namespace).withName(name).get();
    }

    /** The replica's VolumeSnapshot {@code pvc-1.42} and its content {@code snapcontent-7f3e}. */
    private void replicaSnapshot(boolean ready, String error) {
        target.replicaSnapshot("pvc-1", 42, "snapcontent-7f3e", HANDLE, ready, error);
    }

    private void claimAt(String name, Map<String, String> annotations) {
        client.persistentVolumeClaims().inNamespace(APP).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withAnnotations(annotations).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec()
                .build()).create();
    }
}
