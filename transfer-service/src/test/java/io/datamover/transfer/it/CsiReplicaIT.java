package io.datamover.transfer.it;

import static io.datamover.transfer.it.CsiReplicaSites.NAMESPACE;
import static io.datamover.transfer.it.Volumes.BLOCK_SIZE;
import static io.datamover.transfer.it.Volumes.MIB;
import static io.datamover.transfer.it.Volumes.VOLUME_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.events.VolumeFrozen;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.ChunkPlanner;
import io.datamover.transfer.domain.ChunkSums;
import io.datamover.transfer.domain.DeltaDigest;
import io.datamover.transfer.domain.MoverNames;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.peer.BeginRequest;
import io.datamover.transfer.peer.PeerClient;
import io.datamover.transfer.sender.Bandwidth;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication from stockholm's real block store into csi replicas at falkenberg ({@link CsiReplicaSites}): each
 * replica is a claim whose device is a real file, written by the real block-mover in replica mode that
 * {@link KubeletStandIn} runs, and snapshotted by VolumeSnapshots that {@link ReplicaDevices} takes as copies of it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(CsiReplicaSites.class)
class CsiReplicaIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    KubernetesClient kube;

    @TwoSites.FalkenbergTransfer
    ServiceProcess falkenbergTransfer;

    @ConfigProperty(name = "datamover.store-url")
    String stockholmStoreUrl;

    @ConfigProperty(name = "datamover.transfer.peers.falkenberg")
    String falkenbergUrl;

    @ConfigProperty(name = "test.falkenberg.data-dir")
    Path falkenbergDataDir;

    @ConfigProperty(name = "datamover.transfer.mover.port")
    int moverPort;

    @Inject
    Bandwidth bandwidth;

    private Path logs;
    private BlockStoreClient stockholm;
    private ReplicaDevices devices;
    private KubeletStandIn kubelet;
    private EventPublisher cbt;
    private TopicReader applied;
    private TopicReader frozen;

    @BeforeEach
    void standIns() {
        logs = ConfigProvider.getConfig().getValue("test.csi.logs", Path.class);
        stockholm = BlockStoreClient.of(stockholmStoreUrl);
        devices = ReplicaDevices.start(kube, logs.resolve("devices"));
        kubelet = KubeletStandIn.withReplicas(kube, moverPort, logs, devices);
        cbt = new EventPublisher(SharedKafka.bootstrapServers(), CloudEvents.source("stockholm", "cbt-service"));
        applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED);
        frozen = TopicReader.fromEnd(Topics.VOLUME_FROZEN);
    }

    @AfterEach
    void close() {
        kubelet.close();
        devices.close();
        cbt.close();
        applied.close();
        frozen.close();
    }

    @Test
    void shouldApplyAFullCopyAndThenADeltaIntoTheReplicaClaimAndSnapshotEachAsVolumeSnapshot() {
        String volume = primaryVolume("csi-replica");
        List<Extent> written = List.of(new Extent(0, MIB), new Extent(3 * MIB, 640 * 1024));
        written.forEach(extent -> Volumes.fill(stockholm, volume, extent));
        stockholm.createSnapshot(volume);

        publish(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), written);

        ReplicaApplied first = awaitApplied(volume, 1);
        assertThat(first.appliedBytes()).isEqualTo(MIB + 640 * 1024);
        assertThat(sha256(claimFile(volume))).isEqualTo(digestAtStockholm(volume, 1));
        assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(digestAtStockholm(volume, 1));
        assertReplicaClaim(volume);
        assertVolumeSnapshot(volume, 1);

        Extent changed = new Extent(5 * MIB, 2 * BLOCK_SIZE);
        Volumes.fill(stockholm, volume, changed);
        stockholm.createSnapshot(volume);
        publish(Volumes.snapshotTaken(volume, 2, 1L, "falkenberg"), List.of(changed));

        ReplicaApplied second = awaitApplied(volume, 2);
        assertThat(second.baseSnapshot()).isEqualTo(1L);
        assertThat(second.appliedBytes()).isEqualTo(changed.length());
        assertThat(sha256(claimFile(volume))).isEqualTo(digestAtStockholm(volume, 2));
        assertThat(sha256(snapshotFile(volume, 2))).isEqualTo(digestAtStockholm(volume, 2));
        assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(digestAtStockholm(volume, 1));
        assertVolumeSnapshot(volume, 2);
        assertThat(frozen.events(VolumeFrozen.class, f -> f.volumeId().equals(volume)))
                .extracting(VolumeFrozen::site, VolumeFrozen::frozen, VolumeFrozen::reason)
                .containsExactly(
                        tuple("falkenberg", true, "applying snapshot 1 from stockholm"),
                        tuple("falkenberg", false, "snapshot 1 applied"),
                        tuple("falkenberg", true, "applying snapshot 2 from stockholm"),
                        tuple("falkenberg", false, "snapshot 2 applied"));
        assertMoverObjectsDeleted(volume);
        assertThat(kubelet.seen(volume)).hasSizeGreaterThanOrEqualTo(2).allSatisfy(seen -> {
            Container container = seen.pod().getSpec().getContainers().get(0);
            assertThat(container.getVolumeDevices()).singleElement()
                    .satisfies(device -> assertThat(device.getDevicePath()).isEqualTo("/dev/datamover-replica"));
            assertThat(container.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("DATAMOVER_MOVER_MODE");
                assertThat(e.getValue()).isEqualTo("replica");
            });
            assertThat(seen.pod().getSpec().getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                    .singleElement().satisfies(v -> {
                        assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("replica-" + volume);
                        assertThat(v.getPersistentVolumeClaim().getReadOnly()).isFalse();
                    });
        });
    }

    @Test
    void shouldAnnounceTheSnapshotAppliedOnlyOnceItsVolumeSnapshotIsReadyToUse() {
        String volume = primaryVolume("csi-held");
        Extent extent = new Extent(0, MIB);
        Volumes.fill(stockholm, volume, extent);
        stockholm.createSnapshot(volume);
        devices.hold(volume);

        publish(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), List.of(extent));

        Awaitility.await("VolumeSnapshot " + volume + ".1 created").atMost(WAIT)
                .until(() -> volumeSnapshot(volume, 1) != null);
        assertThat(volumeSnapshot(volume, 1).getAdditionalProperties().get("status")).isNull();
        assertThat(applied.events(ReplicaApplied.class, a -> a.volumeId().equals(volume))).isEmpty();
        devices.release(volume);

        ReplicaApplied done = awaitApplied(volume, 1);
        assertThat(done.timestamp()).isAfterOrEqualTo(devices.readyAt(NAMESPACE, volume + ".1").orElseThrow());
        assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(digestAtStockholm(volume, 1));
    }

    @Test
    void shouldFailTheCommitNamingTheVolumeSnapshotThatFailedAndAnnounceNothing() {
        String volume = primaryVolume("csi-failed");
        List<Extent> written = List.of(new Extent(2 * MIB, 512 * 1024));
        Volumes.fill(stockholm, volume, written.get(0));
        stockholm.createSnapshot(volume);
        PeerClient peer = new PeerClient("falkenberg", falkenbergUrl, HttpClient.newHttpClient(), WAIT);
        List<Chunk> chunks = beginFullCopy(peer, volume, written);
        String digest = putChunks(peer, volume, chunks);
        devices.failWith(volume, "driver: snapshot quota exceeded");

        assertThatThrownBy(() -> peer.commit(volume, 1, digest))
                .isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.STORE_FAILED);
                    assertThat(e.getMessage()).contains("volume " + volume + " snapshot 1", "site falkenberg",
                            "VolumeSnapshot " + NAMESPACE + "/" + volume + ".1", "driver: snapshot quota exceeded");
                });
        assertThat(volumeSnapshot(volume, 1)).as("the failed VolumeSnapshot is deleted").isNull();
        assertThat(applied.events(ReplicaApplied.class, a -> a.volumeId().equals(volume))).isEmpty();

        devices.succeed(volume);
        peer.commit(volume, 1, digest);

        awaitApplied(volume, 1);
        assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(digestAtStockholm(volume, 1));
        assertMoverObjectsDeleted(volume);
    }

    @Test
    void shouldDeleteTheMoverPodOfADeltaWhoseSourceWentQuietAndStartAnotherWhenItComesBack() {
        String volume = primaryVolume("csi-quiet");
        List<Extent> written = List.of(new Extent(MIB, 512 * 1024));
        Volumes.fill(stockholm, volume, written.get(0));
        stockholm.createSnapshot(volume);
        PeerClient peer = new PeerClient("falkenberg", falkenbergUrl, HttpClient.newHttpClient(), WAIT);
        List<Chunk> chunks = beginFullCopy(peer, volume, written);
        assertThat(kubelet.seen(volume)).as("the mover pod made by begin").hasSize(1);

        assertMoverObjectsDeleted(volume);
        peer.commit(volume, 1, putChunks(peer, volume, chunks));

        awaitApplied(volume, 1);
        assertThat(kubelet.seen(volume)).as("a second mover pod for the chunks").hasSize(2);
        assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(digestAtStockholm(volume, 1));
    }

    @Test
    void shouldEndIdenticalWhenTheTargetIsKilledMidDeltaWithoutMovingTheConsistentSnapshot() {
        String volume = primaryVolume("csi-killed");
        Extent whole = new Extent(0, VOLUME_BYTES);
        Volumes.fill(stockholm, volume, whole);
        stockholm.createSnapshot(volume);
        publish(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), List.of(whole));
        awaitApplied(volume, 1);
        String first = digestAtStockholm(volume, 1);
        Volumes.fill(stockholm, volume, whole);
        stockholm.createSnapshot(volume);
        int chunkCount = (int) (VOLUME_BYTES / CsiReplicaSites.CHUNK_BYTES);

        bandwidth.setLimit("falkenberg", 2 * MIB);
        try {
            publish(Volumes.snapshotTaken(volume, 2, 1L, "falkenberg"), List.of(whole));
            Awaitility.await("half the chunks of " + volume + " written at falkenberg").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> Volumes.chunksStaged(falkenbergDataDir, volume, 2) >= chunkCount / 2);
            falkenbergTransfer.kill();

            assertThat(sha256(claimFile(volume))).as("the claim holds part of the delta")
                    .isNotEqualTo(first).isNotEqualTo(digestAtStockholm(volume, 2));
            assertThat(volumeSnapshot(volume, 2)).isNull();
            assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(first);
            falkenbergTransfer.start();

            awaitApplied(volume, 2);
        } finally {
            bandwidth.setLimit("falkenberg", 0);
        }
        assertThat(sha256(claimFile(volume))).isEqualTo(digestAtStockholm(volume, 2));
        assertThat(sha256(snapshotFile(volume, 2))).isEqualTo(digestAtStockholm(volume, 2));
        assertThat(sha256(snapshotFile(volume, 1))).isEqualTo(first);
        assertMoverObjectsDeleted(volume);
    }

    /** Begins the full copy of snapshot 1 of the extents at falkenberg, as stockholm's transfer-service would. */
    private List<Chunk> beginFullCopy(PeerClient peer, String volume, List<Extent> extents) {
        SnapshotTaken snapshot = Volumes.snapshotTaken(volume, 1, null, "falkenberg");
        List<Chunk> chunks = ChunkPlanner.plan(extents, CsiReplicaSites.CHUNK_BYTES);
        peer.begin(volume, 1, new BeginRequest("stockholm", null, VOLUME_BYTES, BLOCK_SIZE, chunks.size(),
                ChunkPlanner.framedBytes(chunks), snapshot.timestamp()));
        return chunks;
    }

    /** Sends the chunks of snapshot 1; answers the delta digest to commit with. */
    private String putChunks(PeerClient peer, String volume, List<Chunk> chunks) {
        List<byte[]> digests = chunks.stream().map(chunk -> {
            byte[] body = Volumes.frame(stockholm, volume, 1, chunk);
            peer.putChunk(volume, 1, chunk.index(), body, Volumes.checksum(body));
            return ChunkSums.of(body).digest();
        }).toList();
        return DeltaDigest.of(digests);
    }

    private String primaryVolume(String prefix) {
        String volume = Volumes.newId(prefix);
        stockholm.createVolume(volume, VOLUME_BYTES, BLOCK_SIZE, VolumeRole.PRIMARY);
        return volume;
    }

    private void publish(SnapshotTaken snapshot, List<Extent> extents) {
        Volumes.pages(snapshot, extents).forEach(cbt::publish);
    }

    private ReplicaApplied awaitApplied(String volume, long snapshot) {
        return applied.awaitEvent(ReplicaApplied.class,
                a -> a.volumeId().equals(volume) && a.snapshot() == snapshot && a.site().equals("falkenberg"));
    }

    private String digestAtStockholm(String volume, long snapshot) {
        return stockholm.digest(volume, snapshot).digest();
    }

    private Path claimFile(String volume) {
        return devices.claimFile(NAMESPACE, MoverNames.replicaClaim(volume));
    }

    private Path snapshotFile(String volume, long snapshot) {
        return devices.snapshotFile(NAMESPACE, MoverNames.volumeSnapshot(volume, snapshot));
    }

    private GenericKubernetesResource volumeSnapshot(String volume, long snapshot) {
        return kube.genericKubernetesResources(ReplicaDevices.VOLUME_SNAPSHOTS).inNamespace(NAMESPACE)
                .withName(MoverNames.volumeSnapshot(volume, snapshot)).get();
    }

    private void assertReplicaClaim(String volume) {
        PersistentVolumeClaim claim = kube.persistentVolumeClaims().inNamespace(NAMESPACE)
                .withName("replica-" + volume).get();
        assertThat(claim.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "datamover-transfer-service", "datamover.io/replica-site",
                "falkenberg", "datamover.io/volume", volume)).doesNotContainKey("datamover.io/site");
        assertThat(claim.getSpec().getVolumeMode()).isEqualTo("Block");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo(CsiReplicaSites.STORAGE_CLASS);
        assertThat(Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests().get("storage"))
                .longValueExact()).isEqualTo(VOLUME_BYTES);
    }

    @SuppressWarnings("unchecked")
    private void assertVolumeSnapshot(String volume, long snapshot) {
        GenericKubernetesResource taken = volumeSnapshot(volume, snapshot);
        assertThat(taken.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                "datamover.io/replica-site", "falkenberg", "datamover.io/volume", volume,
                "datamover.io/snapshot", Long.toString(snapshot)));
        Map<String, Object> spec = (Map<String, Object>) taken.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("volumeSnapshotClassName", CsiReplicaSites.SNAPSHOT_CLASS);
        assertThat((Map<String, Object>) spec.get("source")).containsEntry("persistentVolumeClaimName",
                "replica-" + volume);
        assertThat((Map<String, Object>) taken.getAdditionalProperties().get("status"))
                .containsEntry("readyToUse", true);
    }

    private void assertMoverObjectsDeleted(String volume) {
        Map<String, String> labels = Map.of(MoverNames.VOLUME_LABEL, volume, MoverNames.SITE_LABEL, "falkenberg");
        Awaitility.await("the mover pods and Secrets of " + volume + " deleted").atMost(WAIT)
                .untilAsserted(() -> assertThat(Stream.of(
                        kube.pods().inAnyNamespace().withLabels(labels).list().getItems(),
                        kube.secrets().inAnyNamespace().withLabels(labels).list().getItems())
                        .<HasMetadata>flatMap(List::stream).toList()).isEmpty());
        Awaitility.await("no mover of " + volume + " running").atMost(WAIT)
                .until(() -> kubelet.runningMovers() == 0);
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
