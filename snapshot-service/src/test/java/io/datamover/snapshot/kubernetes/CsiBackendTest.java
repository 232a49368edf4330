package io.datamover.snapshot.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.events.Consistency;
import io.datamover.events.CsiSnapshot;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.datamover.snapshot.service.SnapshotScheduler;
import io.datamover.snapshot.support.BlockStoreResource;
import io.datamover.snapshot.support.ProtectedVolumes;
import io.datamover.snapshot.support.CsiBackendResource;
import io.datamover.snapshot.support.SnapshotControllerStandIn;
import io.datamover.snapshot.support.SnapshotEvents;
import io.datamover.snapshot.support.WarningLog;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The csi storage backend against the Fabric8 mock API server (CRUD mode), with {@link SnapshotControllerStandIn}
 * playing the snapshot controller and the real block store the CSI driver; the events are read from the real broker.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = CsiBackendResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CsiBackendTest {

    private static final String NAMESPACE = "shop";
    private static final String TARGET = "falkenberg";
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
    private String volumeId;
    private String claim;
    private SnapshotEvents snapshots;

    @BeforeEach
    void volumeWithClaim() {
        kube = server.getClient();
        store = BlockStoreClient.of(storeUrl);
        controller = SnapshotControllerStandIn.start(kube, store);
        replicas = TestEvents.publisher(TARGET, "transfer-service");
        volumeId = TestEvents.uniqueId("pvc");
        claim = "data-" + volumeId;
        controller.createVolume(NAMESPACE, claim, volumeId, VOLUME_BYTES);
        snapshots = SnapshotEvents.of(volumeId);
    }

    @AfterEach
    void close() {
        given().delete("/protections/{volumeId}", volumeId);
        snapshots.close();
        replicas.close();
        controller.close();
    }

    @Test
    void shouldSnapshotTheClaimAsAVolumeSnapshotAndPublishItsCsiReferences() {
        protect(1, 5);

        SnapshotTaken first = snapshots.await(1).get(0);
        applied(1);
        SnapshotTaken second = snapshots.await(2).get(1);

        assertThat(first.snapshot()).isEqualTo(1);
        assertThat(first.volumeBytes()).isEqualTo(VOLUME_BYTES);
        assertThat(first.blockSize()).isEqualTo(4096);
        assertThat(first.csi()).isEqualTo(csi(1));
        assertThat(first.baseCsi()).isNull();
        assertThat(second.baseSnapshot()).isEqualTo(1L);
        assertThat(second.csi()).isEqualTo(csi(2));
        assertThat(second.baseCsi()).isEqualTo(csi(1));
        GenericKubernetesResource snapshot = volumeSnapshot(1);
        assertThat(snapshot.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                VolumeSnapshotNames.VOLUME_LABEL, volumeId,
                VolumeSnapshotNames.SNAPSHOT_LABEL, "1",
                VolumeSnapshotNames.SITE_LABEL, BlockStoreResource.SITE));
        assertThat(VolumeSnapshotView.at(snapshot.getAdditionalProperties(), "spec", "source",
                "persistentVolumeClaimName")).isEqualTo(claim);
        assertThat(VolumeSnapshotView.at(snapshot.getAdditionalProperties(), "spec", "volumeSnapshotClassName"))
                .isEqualTo(CsiBackendResource.SNAPSHOT_CLASS);
        assertThat(storeSnapshots()).startsWith(1L, 2L);
    }

    @Test
    void shouldDeleteTheVolumeSnapshotsRetentionDrops() {
        protect(1, 2);

        List<SnapshotTaken> taken = ProtectedVolumes.cycles(snapshots, replicas, TARGET, volumeId, 4);

        assertThat(taken).extracting(SnapshotTaken::snapshot).containsExactly(1L, 2L, 3L, 4L);
        await().atMost(WAIT).untilAsserted(() -> assertThat(volumeSnapshotNames())
                .containsExactlyInAnyOrder(name(3), name(4)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(storeSnapshots()).containsExactly(3L, 4L));
    }

    @Test
    void shouldFailTheCycleWithTheVolumeSnapshotsErrorAndTakeItAgainOnceTheDriverSucceeds() {
        controller.failWith(volumeId, "rpc error: code = Internal desc = the pool is full");
        try (WarningLog scheduler = WarningLog.of(SnapshotScheduler.class)) {
            protect(3600, 5);

            given().post("/protections/{volumeId}/snapshots", volumeId)
                    .then().statusCode(500)
                    .body("error", containsString("the pool is full"))
                    .body("error", containsString("VolumeSnapshot " + NAMESPACE + "/" + name(1)))
                    .body("error", containsString("volume " + volumeId))
                    .body("error", containsString("site " + BlockStoreResource.SITE));

            await().atMost(WAIT).untilAsserted(() -> assertThat(scheduler.messages()).anySatisfy(line ->
                    assertThat(line).contains("WARN", volumeId, "the pool is full")));
            await().atMost(WAIT).untilAsserted(() -> assertThat(volumeSnapshotNames()).isEmpty());
            assertThat(snapshots.taken()).isEmpty();
        }

        controller.succeed(volumeId);
        given().post("/protections/{volumeId}/snapshots", volumeId).then().statusCode(201);

        SnapshotTaken taken = snapshots.await(1).get(0);
        assertThat(taken.snapshot()).isEqualTo(1);
        assertThat(taken.csi()).isEqualTo(csi(1));
    }

    @Test
    void shouldWaitAgainForTheVolumeSnapshotThatWasNotReadyInTime() {
        controller.hold(volumeId);
        protect(3600, 5);

        await().atMost(WAIT).until(() -> controller.seen().contains(NAMESPACE + "/" + name(1)));
        await().during(Duration.ofSeconds(3 * CsiBackendResource.READY_TIMEOUT_SECONDS)).atMost(WAIT)
                .until(() -> volumeSnapshotNames().equals(List.of(name(1))) && snapshots.taken().isEmpty());
        controller.release(volumeId);

        SnapshotTaken taken = snapshots.await(1).get(0);
        assertThat(taken.snapshot()).isEqualTo(1);
        assertThat(taken.csi()).isEqualTo(csi(1));
        assertThat(controller.seen()).filteredOn(seen -> seen.contains(volumeId))
                .containsExactly(NAMESPACE + "/" + name(1));
    }

    /**
     * The race the scheduled cycles leave to chance, played in order: the VolumeSnapshot becomes ready after one
     * cycle gave up waiting for it and before the next begins. It is not counted as taken (the schedule would wait a
     * whole interval for a snapshot no transfer got) and the next cycle takes that one, not a new one.
     */
    @Test
    void shouldTakeTheVolumeSnapshotThatBecameReadyBetweenTwoCyclesRatherThanANewOne() {
        CsiStorage storage = new CsiStorage(new VolumeSnapshotObjects(kube), new ClaimWorkloads(kube),
                BlockStoreResource.SITE, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), 65536);
        controller.hold(volumeId);

        ProtectionException timedOut = catchThrowableOfType(ProtectionException.class,
                () -> storage.createSnapshot(volumeId));
        controller.release(volumeId);

        assertThat(timedOut.getMessage()).contains("is not readyToUse", name(1));
        await().atMost(WAIT).until(() -> volumeSnapshotNames().equals(List.of(name(1))));
        assertThat(storage.snapshots(volumeId)).as("ready, but no cycle has taken it yet").isEmpty();
        assertThat(storage.createSnapshot(volumeId).snapshot()).isEqualTo(1);
        assertThat(storage.snapshots(volumeId)).extracting(SnapshotInfo::snapshot).containsExactly(1L);
        assertThat(volumeSnapshotNames()).containsExactly(name(1));
    }

    @Test
    void shouldSnapshotEveryVolumeOfAGroupAsItsOwnVolumeSnapshot() {
        String walId = TestEvents.uniqueId("pvc");
        controller.createVolume(NAMESPACE, "wal-" + walId, walId, VOLUME_BYTES);
        String groupId = TestEvents.uniqueId("shop");
        try (SnapshotEvents groupEvents = SnapshotEvents.of(volumeId, walId)) {
            given().contentType(ContentType.JSON)
                    .body("{\"volumeIds\": [\"" + volumeId + "\", \"" + walId + "\"], \"intervalSeconds\": 3600,"
                            + " \"retain\": 5, \"targetSites\": [\"" + TARGET + "\"]}")
                    .put("/groups/{groupId}", groupId)
                    .then().statusCode(200);

            List<SnapshotTaken> taken = groupEvents.await(2);

            assertThat(taken).extracting(SnapshotTaken::groupId).containsOnly(groupId);
            assertThat(taken).extracting(SnapshotTaken::consistency).containsOnly(Consistency.CRASH);
            assertThat(taken).extracting(event -> event.csi().volumeSnapshotName())
                    .containsExactlyInAnyOrder(name(1), walId + ".1");
        } finally {
            given().delete("/groups/{groupId}", groupId);
        }
    }

    private void protect(int intervalSeconds, int retain) {
        ProtectedVolumes.protect(volumeId, intervalSeconds, retain, TARGET);
    }

    private void applied(long snapshot) {
        ProtectedVolumes.applied(replicas, TARGET, volumeId, snapshot);
    }

    private String name(long snapshot) {
        return volumeId + "." + snapshot;
    }

    /** What the stand-in's driver hands out: the store resolves the handle as the VolumeSnapshot's name. */
    private CsiSnapshot csi(long snapshot) {
        return new CsiSnapshot(NAMESPACE, name(snapshot), name(snapshot), SnapshotControllerStandIn.DRIVER);
    }

    private GenericKubernetesResource volumeSnapshot(long snapshot) {
        return kube.genericKubernetesResources(VolumeSnapshotObjects.SNAPSHOTS).inNamespace(NAMESPACE)
                .withName(name(snapshot)).get();
    }

    private List<String> volumeSnapshotNames() {
        return kube.genericKubernetesResources(VolumeSnapshotObjects.SNAPSHOTS).inNamespace(NAMESPACE)
                .withLabel(VolumeSnapshotNames.VOLUME_LABEL, volumeId).list().getItems().stream()
                .map(snapshot -> snapshot.getMetadata().getName()).toList();
    }

    private List<Long> storeSnapshots() {
        return store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
    }
}
