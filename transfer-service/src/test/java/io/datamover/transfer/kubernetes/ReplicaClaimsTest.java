package io.datamover.transfer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.MoverNames;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.it.MockApiServer;
import io.datamover.transfer.receiver.SnapshotExpiry;
import io.datamover.transfer.storage.ReplicaMarks;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The csi replica store against the Fabric8 mock API server (CRUD mode), where the test plays the snapshot
 * controller: what it finds of a replica, how a seal snapshots the claim, and which VolumeSnapshots retention deletes.
 */
class ReplicaClaimsTest {

    private static final String NAMESPACE = "replicas";
    private static final String VOLUME = "pv-claims";
    private static final long BYTES = 8L * 1024 * 1024;

    @TempDir
    Path dataDir;

    private MockApiServer api;
    private KubernetesClient kube;
    private ReplicaMarks marks;
    private ReplicaClaims claims;

    private record Replica(int retain, Optional<String> namespace, Optional<String> storageClass,
            Optional<String> snapshotClass, Duration snapshotTimeout, Duration idleTimeout)
            implements TransferConfig.Replica {
    }

    private record Mover(String image, int port, Duration readyTimeout, String cpuRequest, String memoryRequest,
            String memoryLimit) implements TransferConfig.Mover {
    }

    @BeforeEach
    void replicas() {
        api = MockApiServer.start();
        kube = api.client();
        marks = new ReplicaMarks(dataDir);
        claims = replicaClaims(Duration.ofSeconds(30));
    }

    private ReplicaClaims replicaClaims(Duration snapshotTimeout) {
        return new ReplicaClaims(kube, "falkenberg", new Replica(2, Optional.of(NAMESPACE), Optional.of("fast"),
                Optional.of("snaps"), snapshotTimeout, Duration.ofMinutes(10)), new Mover("datamover/block-mover:test",
                8080, Duration.ofSeconds(2), "250m", "384Mi", "768Mi"), marks);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void shouldCreateABlockClaimOfTheVolumesSizeAndFindNoSnapshotInItYet() {
        claims.create(manifest(1, null));

        PersistentVolumeClaim claim = kube.persistentVolumeClaims().inNamespace(NAMESPACE)
                .withName("replica-" + VOLUME).get();
        assertThat(claim.getSpec().getVolumeMode()).isEqualTo("Block");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(claim.getSpec().getDataSource()).isNull();
        assertThat(Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests().get("storage"))
                .longValueExact()).isEqualTo(BYTES);
        VolumeInfo replica = claims.find(VOLUME).orElseThrow();
        assertThat(replica.sizeBytes()).isEqualTo(BYTES);
        assertThat(replica.blockSize()).isEqualTo(65536);
        assertThat(replica.consistentSnapshot()).isNull();
        assertThat(replica.frozen()).isFalse();
        assertThat(claims.find("pv-none")).isEmpty();
    }

    @Test
    void shouldTakeTheNewestReadyVolumeSnapshotForTheConsistentSnapshot() {
        claims.create(manifest(1, null));
        volumeSnapshot(1, Map.of("readyToUse", true));
        volumeSnapshot(2, Map.of("readyToUse", true));
        volumeSnapshot(3, Map.of("readyToUse", false));
        volumeSnapshot(4, Map.of("readyToUse", false, "error", Map.of("message", "failed")));

        assertThat(claims.find(VOLUME).orElseThrow().consistentSnapshot()).isEqualTo(2L);

        kube.persistentVolumeClaims().inNamespace(NAMESPACE).withName("replica-" + VOLUME).delete();
        assertThat(claims.find(VOLUME)).as("found by its VolumeSnapshots").get()
                .satisfies(replica -> {
                    assertThat(replica.consistentSnapshot()).isEqualTo(2L);
                    assertThat(replica.sizeBytes()).isEqualTo(BYTES);
                });
    }

    @Test
    void shouldFreezeOnceAndReportItUntilTheSeal() {
        claims.create(manifest(1, null));

        assertThat(claims.freeze(manifest(1, null), "applying snapshot 1 from stockholm")).isTrue();
        assertThat(claims.freeze(manifest(1, null), "applying snapshot 1 from stockholm")).isFalse();
        assertThat(claims.find(VOLUME).orElseThrow().frozen()).isTrue();
    }

    @Test
    void shouldSealOnlyOnceTheVolumeSnapshotOfTheClaimIsReady() {
        Manifest manifest = manifest(1, null);
        claims.create(manifest);
        claims.freeze(manifest, "applying snapshot 1 from stockholm");

        CompletableFuture<Void> seal = CompletableFuture.runAsync(() -> claims.seal(manifest));
        GenericKubernetesResource taken = awaitVolumeSnapshot(1);
        assertThat(seal).isNotDone();
        assertThat(taken.getMetadata().getLabels()).containsAllEntriesOf(
                MoverNames.replicaSnapshotLabels("falkenberg", VOLUME, 1));
        assertThat(taken.getAdditionalProperties().get("spec")).isEqualTo(Map.of("volumeSnapshotClassName", "snaps",
                "source", Map.of("persistentVolumeClaimName", "replica-" + VOLUME)));
        status(1, Map.of("readyToUse", true));

        seal.join();
        VolumeInfo replica = claims.find(VOLUME).orElseThrow();
        assertThat(replica.consistentSnapshot()).isEqualTo(1L);
        assertThat(replica.frozen()).isFalse();
    }

    @Test
    void shouldFailTheSealNamingAVolumeSnapshotThatFailedAndDeleteIt() {
        Manifest manifest = frozenForTheDeltaFromOneToTwo();

        CompletableFuture<Void> seal = CompletableFuture.runAsync(() -> claims.seal(manifest));
        awaitVolumeSnapshot(2);
        status(2, Map.of("readyToUse", false, "error", Map.of("message", "driver: quota exceeded",
                "time", Instant.now().toString())));

        assertThat(catchThrowable(seal::join).getCause()).isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.reason()).isEqualTo(TransferException.Reason.STORE_FAILED);
            assertThat(e.getMessage()).contains("volume " + VOLUME + " snapshot 2 (base 1)", "site falkenberg",
                    "VolumeSnapshot replicas/" + VOLUME + ".2 of claim replicas/replica-" + VOLUME,
                    "driver: quota exceeded");
        });
        assertThat(volumeSnapshotNamed(2)).isNull();
        VolumeInfo replica = claims.find(VOLUME).orElseThrow();
        assertThat(replica.consistentSnapshot()).isEqualTo(1L);
        assertThat(replica.frozen()).isTrue();
    }

    @Test
    void shouldFailTheSealWhenTheVolumeSnapshotIsNotReadyInTimeAndWaitForItNextTime() {
        Manifest manifest = manifest(1, null);
        claims.create(manifest);
        ReplicaClaims impatient = replicaClaims(Duration.ofMillis(500));

        assertThatThrownBy(() -> impatient.seal(manifest)).isInstanceOfSatisfying(TransferException.class,
                e -> assertThat(e.getMessage()).contains("VolumeSnapshot replicas/" + VOLUME + ".1",
                        "not readyToUse", "datamover.transfer.replica.snapshot-timeout"));
        assertThat(volumeSnapshotNamed(1)).as("kept for the next commit").isNotNull();

        status(1, Map.of("readyToUse", true));
        claims.seal(manifest);
        assertThat(claims.find(VOLUME).orElseThrow().consistentSnapshot()).isEqualTo(1L);
    }

    @Test
    void shouldRefuseToTakeOverAVolumeSnapshotWithoutTheReplicasLabels() {
        Manifest manifest = manifest(1, null);
        claims.create(manifest);
        kube.genericKubernetesResources(ReplicaSnapshots.VOLUME_SNAPSHOTS).inNamespace(NAMESPACE).resource(
                new GenericKubernetesResourceBuilder()
                        .withApiVersion("snapshot.storage.k8s.io/v1").withKind("VolumeSnapshot")
                        .withNewMetadata().withNamespace(NAMESPACE).withName(VOLUME + ".1").endMetadata().build())
                .create();

        assertThatThrownBy(() -> claims.seal(manifest)).isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.reason()).isEqualTo(TransferException.Reason.STORE_REJECTED);
            assertThat(e.getMessage()).contains("VolumeSnapshot replicas/" + VOLUME + ".1", "without the labels");
        });
    }

    @Test
    void shouldRestoreTheClaimFromTheConsistentSnapshotWhenAnAbandonedDeltaMayHaveWrittenIntoIt() {
        Manifest abandoned = manifest(2, 1L);
        claims.create(abandoned);
        volumeSnapshot(1, Map.of("readyToUse", true));
        marks.put(VOLUME, ReplicaMarks.Mark.writing(2, 1L, "applying snapshot 2 from stockholm"));
        String written = claim().getMetadata().getUid();
        Manifest next = manifest(3, 1L);

        assertThatThrownBy(() -> claims.begin(next)).isInstanceOfSatisfying(TransferException.class, e ->
                assertThat(e.getMessage()).contains("cannot write snapshot 3 of volume " + VOLUME + " into its"
                        + " replica at site falkenberg", "PersistentVolumeClaim replicas/replica-" + VOLUME
                        + " was not bound", "mover pod replicas/mover-" + VOLUME + "-3 timed out"));

        PersistentVolumeClaim restored = claim();
        assertThat(restored.getMetadata().getUid()).isNotEqualTo(written);
        assertThat(restored.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
        assertThat(restored.getSpec().getDataSource().getName()).isEqualTo(VOLUME + ".1");
        assertThat(marks.get(VOLUME).orElseThrow().writes(3, 1L)).isTrue();
        assertThat(kube.pods().inNamespace(NAMESPACE).list().getItems()).as("the pod that never got ready").isEmpty();
        assertThat(kube.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void shouldKeepTheClaimWhenNothingWasWrittenIntoItSinceItsConsistentSnapshot() {
        Manifest manifest = frozenForTheDeltaFromOneToTwo();
        String kept = claim().getMetadata().getUid();

        assertThatThrownBy(() -> claims.begin(manifest)).isInstanceOf(TransferException.class);

        assertThat(claim().getMetadata().getUid()).isEqualTo(kept);
        assertThat(claim().getSpec().getDataSource()).isNull();
        assertThat(marks.get(VOLUME).orElseThrow().writes(2, 1L)).isTrue();
    }

    @Test
    void shouldKeepOnlyTheNewestRetainVolumeSnapshotsAfterEachApply() {
        SnapshotExpiry expiry = new SnapshotExpiry(claims, "falkenberg", 2);
        claims.create(manifest(1, null));

        for (long n = 1; n <= 4; n++) {
            sealReady(n);
            expiry.expire(VOLUME);
        }

        assertThat(claims.snapshots(VOLUME)).containsExactly(3L, 4L);
        assertThat(claims.find(VOLUME).orElseThrow().consistentSnapshot()).isEqualTo(4L);
        claims.deleteSnapshot(VOLUME, 1);
        assertThat(claims.snapshots(VOLUME)).as("deleting one that is gone changes nothing").containsExactly(3L, 4L);
    }

    @Test
    void shouldNeverDeleteTheConsistentVolumeSnapshotNorOneBeingSealed() {
        claims.create(manifest(1, null));
        volumeSnapshot(1, Map.of("readyToUse", true));
        volumeSnapshot(2, Map.of("readyToUse", true));
        volumeSnapshot(3, Map.of("readyToUse", false));

        new SnapshotExpiry(claims, "falkenberg", 1).expire(VOLUME);

        assertThat(claims.snapshots(VOLUME)).containsExactly(2L, 3L);
        assertThat(claims.find(VOLUME).orElseThrow().consistentSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldApplyDespiteAVolumeSnapshotItCannotDeleteAndDeleteItAfterTheNextApply() {
        SnapshotExpiry expiry = new SnapshotExpiry(claims, "falkenberg", 2);
        api.expect().delete().withPath("/apis/snapshot.storage.k8s.io/v1/namespaces/" + NAMESPACE
                + "/volumesnapshots/" + VOLUME + ".1").andReturn(403, "forbidden").once();
        claims.create(manifest(1, null));
        for (long n = 1; n <= 3; n++) {
            sealReady(n);
            expiry.expire(VOLUME);
        }

        assertThat(claims.snapshots(VOLUME)).containsExactly(1L, 2L, 3L);
        VolumeInfo replica = claims.find(VOLUME).orElseThrow();
        assertThat(replica.consistentSnapshot()).isEqualTo(3L);
        assertThat(replica.frozen()).isFalse();

        sealReady(4);
        expiry.expire(VOLUME);
        assertThat(claims.snapshots(VOLUME)).containsExactly(3L, 4L);
    }

    /** Seals snapshot n of the replica as an apply does, the test making its VolumeSnapshot ready. */
    private void sealReady(long n) {
        Manifest manifest = manifest(n, n == 1 ? null : n - 1);
        claims.freeze(manifest, "applying snapshot " + n + " from stockholm");
        CompletableFuture<Void> seal = CompletableFuture.runAsync(() -> claims.seal(manifest));
        awaitVolumeSnapshot(n);
        status(n, Map.of("readyToUse", true));
        seal.join();
    }

    /** A replica consistent at snapshot 1, frozen for the delta from 1 to 2, which it answers. */
    private Manifest frozenForTheDeltaFromOneToTwo() {
        Manifest manifest = manifest(2, 1L);
        claims.create(manifest);
        volumeSnapshot(1, Map.of("readyToUse", true));
        claims.freeze(manifest, "applying snapshot 2 from stockholm");
        return manifest;
    }

    private PersistentVolumeClaim claim() {
        return kube.persistentVolumeClaims().inNamespace(NAMESPACE).withName("replica-" + VOLUME).get();
    }

    private static Manifest manifest(long snapshot, Long base) {
        return new Manifest(VOLUME, snapshot, "stockholm", base, BYTES, 65536, 0, 0, Instant.now());
    }

    private void volumeSnapshot(long snapshot, Map<String, Object> status) {
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion("snapshot.storage.k8s.io/v1").withKind("VolumeSnapshot")
                .withNewMetadata().withNamespace(NAMESPACE).withName(MoverNames.volumeSnapshot(VOLUME, snapshot))
                .withLabels(MoverNames.replicaSnapshotLabels("falkenberg", VOLUME, snapshot))
                .withAnnotations(Map.of(MoverNames.VOLUME_BYTES_ANNOTATION, Long.toString(BYTES),
                        MoverNames.BLOCK_SIZE_ANNOTATION, "65536"))
                .endMetadata().build();
        kube.genericKubernetesResources(ReplicaSnapshots.VOLUME_SNAPSHOTS).inNamespace(NAMESPACE).resource(resource)
                .create();
        status(snapshot, status);
    }

    private GenericKubernetesResource awaitVolumeSnapshot(long snapshot) {
        Awaitility.await("VolumeSnapshot " + snapshot + " created").atMost(Duration.ofSeconds(10))
                .until(() -> volumeSnapshotNamed(snapshot) != null);
        return volumeSnapshotNamed(snapshot);
    }

    private GenericKubernetesResource volumeSnapshotNamed(long snapshot) {
        return kube.genericKubernetesResources(ReplicaSnapshots.VOLUME_SNAPSHOTS).inNamespace(NAMESPACE)
                .withName(MoverNames.volumeSnapshot(VOLUME, snapshot)).get();
    }

    private void status(long snapshot, Map<String, Object> status) {
        kube.genericKubernetesResources(ReplicaSnapshots.VOLUME_SNAPSHOTS).inNamespace(NAMESPACE)
                .withName(MoverNames.volumeSnapshot(VOLUME, snapshot)).edit(resource -> {
                    resource.setAdditionalProperty("status", status);
                    return resource;
                });
    }
}
