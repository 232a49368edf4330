package io.datamover.snapshot.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Consistency;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Versions;
import io.datamover.events.VolumeFrozen;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.domain.ClaimState;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.datamover.snapshot.support.CsiBackendResource;
import io.datamover.snapshot.support.Decisions;
import io.datamover.snapshot.support.ProtectedVolumes;
import io.datamover.snapshot.support.SnapshotControllerStandIn;
import io.datamover.snapshot.support.SnapshotEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switchovers of csi volumes against the Fabric8 mock API server (CRUD mode): the test plays placement (decisions on
 * the real broker), the workload controllers (it deletes the pods of a workload scaled to 0), kube-controller (it
 * restores the application's claim at the target) and, through {@link SnapshotControllerStandIn}, the snapshot
 * controller.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = CsiBackendResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CsiSwitchoverTest {

    private static final String NAMESPACE = "shop";
    private static final String HERE = Decisions.SITE;
    private static final String THERE = Decisions.OTHER_SITE;
    private static final long VOLUME_BYTES = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @KubernetesTestServer
    KubernetesServer server;

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private KubernetesClient kube;
    private BlockStoreClient store;
    private SnapshotControllerStandIn controller;
    private EventPublisher replicas;
    private String groupId;
    private String dbId;
    private String walId;
    private String web;
    private String db;
    private Decisions decisions;
    private SnapshotEvents snapshots;
    private Path resumed;

    @BeforeEach
    void applicationWithTwoClaims(@TempDir Path hooks) {
        resumed = hooks.resolve("resumed");
        kube = server.getClient();
        store = BlockStoreClient.of(storeUrl);
        controller = SnapshotControllerStandIn.start(kube, store);
        replicas = TestEvents.publisher(THERE, "transfer-service");
        groupId = TestEvents.uniqueId("shop");
        dbId = TestEvents.uniqueId("pvc");
        walId = TestEvents.uniqueId("pvc");
        web = "web-" + dbId;
        db = "db-" + walId;
        controller.createVolume(NAMESPACE, claim(dbId), dbId, VOLUME_BYTES);
        controller.createVolume(NAMESPACE, claim(walId), walId, VOLUME_BYTES);
        decisions = Decisions.of(groupId, List.of(dbId, walId));
        snapshots = SnapshotEvents.of(dbId, walId);
    }

    @AfterEach
    void close() {
        given().delete("/groups/{groupId}", groupId);
        snapshots.close();
        decisions.close();
        replicas.close();
        controller.close();
    }

    @Test
    void shouldScaleTheWorkloadsToZeroAndTakeTheFinalSnapshotsOnlyOnceTheirPodsAreGone() throws IOException {
        PlacementDecision freeze = replicatedAndFrozen();

        List<SnapshotTaken> last = snapshots.await(4).stream()
                .filter(event -> freeze.decisionId().equals(event.decisionId())).toList();
        assertThat(last).extracting(SnapshotTaken::volumeId).containsExactlyInAnyOrder(dbId, walId);
        assertThat(last).allSatisfy(event -> {
            assertThat(event.snapshot()).isEqualTo(2);
            assertThat(event.baseSnapshot()).isEqualTo(1L);
            assertThat(event.csi().volumeSnapshotName()).isEqualTo(event.volumeId() + ".2");
        });
        List<VolumeFrozen> frozen = decisions.awaitFrozen(freeze, true, 2);
        assertThat(frozen).allSatisfy(event -> assertThat(event.snapshot()).isEqualTo(2L));
        assertThat(state(dbId).frozenReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains(freeze.decisionId()));
        assertThat(state(dbId).quiesced()).extracting(Object::toString).containsExactly("Deployment/" + web);
        assertThat(state(walId).quiesced()).extracting(Object::toString).containsExactly("StatefulSet/" + db);
        assertThat(annotation(deployment(web), ClaimWorkloads.REPLICAS_ANNOTATION)).isEqualTo("3");
        assertThat(annotation(statefulSet(db), ClaimWorkloads.REPLICAS_ANNOTATION)).isEqualTo("1");
        assertThat(last).allSatisfy(event -> assertThat(event.consistency()).isEqualTo(Consistency.APPLICATION));
        assertThat(resumed).as("no post hook: the freeze stopped the pods it would run in").doesNotExist();
    }

    @Test
    void shouldScaleTheWorkloadsBackToTheirCountsOnAbort() throws IOException {
        PlacementDecision freeze = replicatedAndFrozen();
        decisions.awaitFrozen(freeze, true, 2);

        PlacementDecision abort = decisions.publish(Decisions.next(freeze, DecisionType.ABORT, "abort"));

        assertThat(decisions.awaitFrozen(abort, false, 2)).extracting(VolumeFrozen::volumeId)
                .containsExactlyInAnyOrder(dbId, walId);
        assertThat(deployment(web).getSpec().getReplicas()).isEqualTo(3);
        assertThat(statefulSet(db).getSpec().getReplicas()).isEqualTo(1);
        assertThat(annotation(deployment(web), ClaimWorkloads.REPLICAS_ANNOTATION)).isNull();
        assertThat(state(dbId)).isEqualTo(ClaimState.of(null));
        assertThat(state(walId)).isEqualTo(ClaimState.of(null));
    }

    @Test
    void shouldStepDownToAReplicaOnCommitWithTheWorkloadsLeftAtZero() throws IOException {
        PlacementDecision freeze = replicatedAndFrozen();
        decisions.awaitFrozen(freeze, true, 2);

        PlacementDecision commit = decisions.publish(Decisions.next(freeze, DecisionType.SWITCHOVER, "commit"));

        assertThat(decisions.awaitFrozen(commit, false, 2)).allSatisfy(event -> assertThat(event.reason())
                .contains("stepped down to replica of " + THERE));
        assertThat(state(dbId).replica()).isTrue();
        assertThat(state(walId).replica()).isTrue();
        assertThat(deployment(web).getSpec().getReplicas()).isZero();
        assertThat(statefulSet(db).getSpec().getReplicas()).isZero();
        given().get("/groups/{groupId}", groupId).then().statusCode(200);
        assertThat(storage().findVolume(dbId)).map(VolumeInfo::role).contains(VolumeRole.REPLICA);
        ProtectionException thaw = catchThrowableOfType(ProtectionException.class, () -> storage().thaw(dbId));
        assertThat(thaw.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(deployment(web).getSpec().getReplicas()).isZero();
    }

    /** This site was lost and failed over; back, it hears of it, fences its volumes, then rejoins as a replica. */
    @Test
    void shouldFenceOnAFailoverAwayAndStepDownOnRejoinKeepingTheClaim() throws IOException {
        replicated();
        PlacementDecision promoted = decisions.publish(decisions.decision(DecisionType.FAILOVER, "promoted", HERE,
                THERE));
        podsGoneOnceScaledToZero();
        assertThat(decisions.awaitFrozen(promoted, true, 2)).allSatisfy(event -> assertThat(event.reason())
                .contains("failed over to " + THERE));
        assertThat(state(dbId).frozenReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("fenced"));

        PlacementDecision rejoin = decisions.publish(new PlacementDecision(Versions.CURRENT,
                UUID.randomUUID().toString(), Instant.now(), "resync-" + UUID.randomUUID(), DecisionType.RESYNC,
                "rejoin", groupId, List.of(dbId, walId), THERE, HERE, "back after a failover",
                new TreeMap<>(Map.of(dbId, 1L, walId, 1L))));

        assertThat(decisions.awaitFrozen(rejoin, false, 2)).allSatisfy(event -> {
            assertThat(event.snapshot()).isEqualTo(1L);
            assertThat(event.reason()).isEqualTo("rejoined as a replica of " + THERE + ": the claim keeps what was"
                    + " written here since snapshot 1, and the replica is copied in full");
        });
        assertThat(state(dbId).replica()).isTrue();
        assertThat(state(walId).replica()).isTrue();
        assertThat(deployment(web).getSpec().getReplicas()).isZero();
        assertThat(kube.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claim(dbId)).get()).isNotNull();
    }

    @Test
    void shouldRefuseToFreezeAClaimThatABarePodMountsAndScaleNothing() {
        deploymentWithPod(web, claim(dbId), 3);
        kube.pods().inNamespace(NAMESPACE).resource(pod("debug-" + dbId, claim(dbId), null, null)).create();

        ProtectionException refusal = catchThrowableOfType(ProtectionException.class,
                () -> storage().freezeAndSnapshot(List.of(dbId), "final snapshot"));

        assertThat(refusal.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(refusal.getMessage()).contains("debug-" + dbId, claim(dbId), dbId, "site " + HERE,
                "no Deployment or StatefulSet");
        assertThat(deployment(web).getSpec().getReplicas()).isEqualTo(3);
        assertThat(state(dbId)).isEqualTo(ClaimState.of(null));
        assertThat(controller.seen()).noneMatch(name -> name.startsWith(dbId));
    }

    /** A run that stopped after recording the workload in the claim and before scaling it: the next freeze does. */
    @Test
    void shouldScaleAWorkloadTheClaimRecordsButThatStillRunsWhenTheFreezeIsTriedAgain() {
        deploymentWithPod(web, claim(dbId), 3);
        kube.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claim(dbId)).edit(claim -> {
            claim.getMetadata().setAnnotations(Map.of(ClaimState.FROZEN_ANNOTATION, "final snapshot of d-1",
                    ClaimState.QUIESCED_ANNOTATION, "Deployment/" + web));
            return claim;
        });

        CompletableFuture<VolumeInfo> freeze = CompletableFuture.supplyAsync(() -> storage().freeze(dbId,
                "final snapshot of d-1"));
        kube.apps().deployments().inNamespace(NAMESPACE).withName(web).waitUntilCondition(
                d -> d.getSpec().getReplicas() == 0, WAIT.toSeconds(), TimeUnit.SECONDS);
        kube.pods().inNamespace(NAMESPACE).withName(web + "-pod").delete();

        assertThat(freeze.join().frozen()).isTrue();
        assertThat(annotation(deployment(web), ClaimWorkloads.REPLICAS_ANNOTATION)).isEqualTo("3");
        assertThat(state(dbId).quiesced()).extracting(Object::toString).containsExactly("Deployment/" + web);
    }

    /**
     * The target of a move: the volume is no PersistentVolume here; kube-controller restores the application's claim
     * from the replica's snapshot 7, and the volume's next snapshot is 8, a VolumeSnapshot of that claim, shipped
     * whole: the claim has no snapshot in common with the site it came from. The claim of a former move here, which
     * stepped down when the application left, is not taken for it. (The
     * stand-in's driver numbers the store's snapshots as the VolumeSnapshots, so the restored volume has 7 already.)
     */
    @Test
    void shouldPromoteTheClaimAMoveRestoredAndNumberItsSnapshotsAfterTheOneItCameFrom() {
        String volumeId = TestEvents.uniqueId("pvc");
        String restoredVolume = TestEvents.uniqueId("pvc");
        String moved = "shop-moved";
        putGroup(volumeId);
        kube.persistentVolumeClaims().inNamespace("shop-before").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").withLabels(Map.of(VolumeSnapshotNames.VOLUME_LABEL, volumeId))
                .withAnnotations(Map.of(ClaimState.PROMOTED_AT_ANNOTATION, "3",
                        ClaimState.ROLE_ANNOTATION, "replica")).endMetadata()
                .withNewSpec().withNewResources().withRequests(Map.of("storage", new Quantity("1Mi"))).endResources()
                .endSpec().build()).create();
        assertThat(storage().findVolume(volumeId)).as("a former move's claim, stepped down when it moved away")
                .map(VolumeInfo::role).contains(VolumeRole.REPLICA);
        Decisions toHere = Decisions.of(groupId, List.of(volumeId));
        try (toHere; SnapshotEvents taken = SnapshotEvents.of(volumeId)) {
            PlacementDecision commit = toHere.publish(toHere.decision(DecisionType.SWITCHOVER, "commit", THERE,
                    HERE));
            controller.createVolume(moved, "data", restoredVolume, VOLUME_BYTES);
            for (int snapshot = 1; snapshot <= 7; snapshot++) {
                store.createSnapshot(restoredVolume);
            }
            kube.persistentVolumeClaims().inNamespace(moved).withName("data").edit(claim -> {
                claim.getMetadata().setLabels(Map.of(VolumeSnapshotNames.VOLUME_LABEL, volumeId));
                claim.getSpec().setDataSource(new TypedLocalObjectReference(
                        "snapshot.storage.k8s.io", "VolumeSnapshot", volumeId + ".7"));
                return claim;
            });

            List<VolumeFrozen> promoted = toHere.awaitFrozen(commit, false, 1);
            assertThat(promoted.get(0).snapshot()).isEqualTo(7L);
            assertThat(annotations(kube.persistentVolumeClaims().inNamespace(moved).withName("data").get()))
                    .containsEntry(ClaimState.PROMOTED_AT_ANNOTATION, "7");

            given().post("/groups/{groupId}/snapshots", groupId).then().statusCode(201);

            SnapshotTaken next = taken.await(1).get(0);
            assertThat(next.snapshot()).isEqualTo(8);
            assertThat(next.baseSnapshot()).as("snapshot 7 is no VolumeSnapshot of this claim: a full copy")
                    .isNull();
            assertThat(next.csi().namespace()).isEqualTo(moved);
            assertThat(next.csi().volumeSnapshotName()).isEqualTo(volumeId + ".8");
            assertThat(storage().findVolume(volumeId)).map(VolumeInfo::role).contains(VolumeRole.PRIMARY);
        }
    }

    /** A group of both volumes, replicated at snapshot 1; then the freeze, and the pods deleted once scaled to 0. */
    private PlacementDecision replicatedAndFrozen() throws IOException {
        replicated();

        PlacementDecision freeze = decisions.publish(decisions.decision(DecisionType.SWITCHOVER, "freeze", HERE,
                THERE));

        podsGoneOnceScaledToZero();
        await().atMost(WAIT).until(() -> controller.seen().containsAll(List.of(NAMESPACE + "/" + dbId + ".2",
                NAMESPACE + "/" + walId + ".2")));
        return freeze;
    }

    /** The application, its group defined here, snapshot 1 of each volume applied at the other site. */
    private void replicated() throws IOException {
        deploymentWithPod(web, claim(dbId), 3);
        statefulSetWithPod(db, claim(walId));
        given().contentType(ContentType.JSON)
                .body("{\"volumeIds\": [\"" + dbId + "\", \"" + walId + "\"], \"intervalSeconds\": 3600,"
                        + " \"retain\": 5, \"targetSites\": [\"" + THERE + "\"], \"preHook\": [\"true\"],"
                        + " \"postHook\": [\"sh\", \"-c\", \"echo resume >> " + resumed + "\"]}")
                .put("/groups/{groupId}", groupId)
                .then().statusCode(200);
        snapshots.await(2);
        assertThat(resumed).as("the post hook of the scheduled snapshot").exists();
        Files.delete(resumed);
        ProtectedVolumes.applied(replicas, THERE, dbId, 1);
        ProtectedVolumes.applied(replicas, THERE, walId, 1);
    }

    /**
     * Plays the workload controllers: once the Deployment is at 0 its pod goes, then the StatefulSet's (a fence
     * freezes one volume after the other).
     */
    private void podsGoneOnceScaledToZero() {
        kube.apps().deployments().inNamespace(NAMESPACE).withName(web).waitUntilCondition(
                d -> d.getSpec().getReplicas() == 0, WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(controller.seen()).as("no final snapshot while the pods still run")
                .doesNotContain(NAMESPACE + "/" + dbId + ".2", NAMESPACE + "/" + walId + ".2");
        kube.pods().inNamespace(NAMESPACE).withName(web + "-pod").delete();
        kube.apps().statefulSets().inNamespace(NAMESPACE).withName(db).waitUntilCondition(
                s -> s.getSpec().getReplicas() == 0, WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(controller.seen()).as("no final snapshot while the pods still run")
                .doesNotContain(NAMESPACE + "/" + dbId + ".2", NAMESPACE + "/" + walId + ".2");
        kube.pods().inNamespace(NAMESPACE).withName(db + "-0").delete();
    }

    private void putGroup(String volumeId) {
        given().contentType(ContentType.JSON)
                .body("{\"volumeIds\": [\"" + volumeId + "\"], \"intervalSeconds\": 3600, \"retain\": 5,"
                        + " \"targetSites\": [\"" + THERE + "\"]}")
                .put("/groups/{groupId}", groupId)
                .then().statusCode(200);
    }

    private void deploymentWithPod(String name, String claim, int replicas) {
        kube.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("shop:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        kube.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name + "-rs").addNewOwnerReference().withApiVersion("apps/v1")
                .withKind("Deployment").withName(name).withUid(name).withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .endSpec().build()).create();
        kube.pods().inNamespace(NAMESPACE).resource(pod(name + "-pod", claim, "ReplicaSet", name + "-rs")).create();
    }

    private void statefulSetWithPod(String name, String claim) {
        kube.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(name).withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("db:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        kube.pods().inNamespace(NAMESPACE).resource(pod(name + "-0", claim, "StatefulSet", name)).create();
    }

    /** A running pod that mounts the claim, run by the owner named, or by none (null). */
    private static Pod pod(String name, String claim, String ownerKind, String ownerName) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).endMetadata();
        if (ownerKind != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind)
                    .withName(ownerName).withUid(ownerName).withController(true).endOwnerReference().endMetadata();
        }
        return pod.withNewSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName(claim).endPersistentVolumeClaim().endVolume()
                .addNewContainer().withName("main").withImage("shop:1").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
    }

    private CsiStorage storage() {
        return new CsiStorage(new VolumeSnapshotObjects(kube), new ClaimWorkloads(kube), HERE, Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 4096);
    }

    private ClaimState state(String volumeId) {
        return ClaimState.of(annotations(kube.persistentVolumeClaims().inNamespace(NAMESPACE)
                .withName(claim(volumeId)).get()));
    }

    private Deployment deployment(String name) {
        return kube.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    private StatefulSet statefulSet(String name) {
        return kube.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
    }

    private static String annotation(HasMetadata object, String key) {
        return annotations(object).get(key);
    }

    private static Map<String, String> annotations(HasMetadata object) {
        return object.getMetadata().getAnnotations() == null ? Map.of() : object.getMetadata().getAnnotations();
    }

    private static String claim(String volumeId) {
        return "data-" + volumeId;
    }
}
