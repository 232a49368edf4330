package io.datamover.transfer.it;

import static io.datamover.transfer.it.CsiSite.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.events.CloudEvents;
import io.datamover.events.DeadLetters;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The csi data path at stockholm (this JVM, {@link CsiSite}): a changed set is read through a mover pod that
 * {@link KubeletStandIn} runs as the real block-mover on a file holding the snapshot, and shipped to falkenberg's
 * real transfer-service and block store.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(CsiSite.class)
class CsiMoverIT {

    private static final long VOLUME_BYTES = 2 * 1024 * 1024;
    private static final String STORAGE_CLASS = "fast-block";
    private static final Duration WAIT = Duration.ofSeconds(60);

    KubernetesClient kube;

    @ConfigProperty(name = "test.falkenberg.store-url")
    String falkenbergStoreUrl;

    @ConfigProperty(name = "datamover.transfer.mover.port")
    int moverPort;

    private Path logs;
    private KubeletStandIn kubelet;
    private EventPublisher cbt;
    private TopicReader applied;
    private TopicReader deadLetters;

    @BeforeEach
    void standIns() {
        logs = ConfigProvider.getConfig().getValue("test.csi.logs", Path.class);
        kubelet = KubeletStandIn.start(kube, moverPort, logs);
        cbt = new EventPublisher(SharedKafka.bootstrapServers(), CloudEvents.source("stockholm", "cbt-service"));
        applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED);
        deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER);
    }

    @AfterEach
    void close() {
        kubelet.close();
        cbt.close();
        applied.close();
        deadLetters.close();
    }

    @Test
    void shouldShipACsiChangedSetReadThroughAMoverPodAndDeleteThePodClaimAndSecretAfterwards() throws IOException {
        String volume = csiVolume("shipped");
        Path device = randomFile(volume);
        kubelet.serve(volume, VOLUME_BYTES, device);

        publishFullCopy(volume);

        ReplicaApplied done = applied.awaitEvent(ReplicaApplied.class,
                a -> a.volumeId().equals(volume) && a.site().equals("falkenberg"));
        assertThat(done.snapshot()).isEqualTo(1);
        assertThat(done.appliedBytes()).isEqualTo(VOLUME_BYTES);
        assertThat(BlockStoreClient.of(falkenbergStoreUrl).digest(volume, 1).digest()).isEqualTo(sha256(device));
        assertObjectsDeleted(volume);
        Awaitility.await().atMost(WAIT).until(() -> kubelet.runningMovers() == 0);
        assertThat(kubelet.seen(volume)).singleElement().satisfies(seen -> {
            assertMoverPod(seen.pod(), volume);
            assertRestoredClaim(seen.claim(), volume);
            assertLabelled(seen.secret(), volume);
            assertThat(seen.secret().getStringData().get(MoverNames.TOKEN_KEY)).hasSizeGreaterThanOrEqualTo(32);
        });
    }

    @Test
    void shouldDeadLetterTheSetNamingTheMoverPodThatFailedAndDeleteItsObjects() {
        String volume = csiVolume("failing");
        kubelet.fail(volume);

        publishFullCopy(volume);

        assertThat(deadLetterReason(volume)).contains("volume " + volume, "snapshot 1", "site stockholm",
                "mover pod " + NAMESPACE + "/" + MoverNames.name(volume, 1) + " failed", "exited with code 1",
                "device-path");
        assertObjectsDeleted(volume);
    }

    @Test
    void shouldDeadLetterTheSetNamingWhatTimedOutAndDeleteItsObjects() {
        String unbound = csiVolume("unbound");
        String unready = csiVolume("unready");
        kubelet.bindOnly(unready);

        publishFullCopy(unbound);
        publishFullCopy(unready);

        assertThat(deadLetterReason(unbound)).contains("volume " + unbound, "snapshot 1", "site stockholm",
                "PersistentVolumeClaim " + NAMESPACE + "/" + MoverNames.name(unbound, 1)
                        + " restored from VolumeSnapshot " + unbound + ".1 was not bound",
                "datamover.transfer.mover.ready-timeout", "timed out");
        assertThat(deadLetterReason(unready)).contains("volume " + unready, "snapshot 1", "site stockholm",
                "mover pod " + NAMESPACE + "/" + MoverNames.name(unready, 1) + " timed out",
                "not Ready with a pod IP", "datamover.transfer.mover.ready-timeout");
        assertObjectsDeleted(unbound);
        assertObjectsDeleted(unready);
    }

    @Test
    void shouldDeleteWhatAnEarlierRunOfThisSiteLeftAtStartAndNothingOfAnotherSite() {
        assertThat(moverObjects(MoverNames.selector("stockholm"))).isEmpty();
        assertThat(kube.pods().inNamespace(NAMESPACE).withLabels(MoverNames.selector(CsiSite.OTHER_SITE)).list()
                .getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly(MoverNames.name(CsiSite.LEFTOVER_VOLUME, 7) + "-" + CsiSite.OTHER_SITE);
    }

    private void assertMoverPod(Pod pod, String volume) {
        assertLabelled(pod, volume);
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(CsiSite.MOVER_IMAGE);
        assertThat(container.getVolumeDevices()).singleElement()
                .satisfies(device -> assertThat(device.getDevicePath()).isEqualTo("/dev/datamover-snapshot"));
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null).singleElement()
                .satisfies(v -> {
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(MoverNames.name(volume, 1));
                    assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo(MoverNames.name(volume, 1)));
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("DATAMOVER_MOVER_TOKEN_FILE");
            assertThat(e.getValue()).isEqualTo("/var/run/datamover/token");
        });
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("QUARKUS_HTTP_PORT");
            assertThat(e.getValue()).isEqualTo(Integer.toString(moverPort));
        });
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    }

    private static void assertRestoredClaim(PersistentVolumeClaim claim, String volume) {
        assertLabelled(claim, volume);
        PersistentVolumeClaimSpec spec = claim.getSpec();
        assertThat(spec.getVolumeMode()).isEqualTo("Block");
        assertThat(spec.getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(spec.getStorageClassName()).isEqualTo(STORAGE_CLASS);
        assertThat(Quantity.getAmountInBytes(spec.getResources().getRequests().get("storage")).longValueExact())
                .isEqualTo(VOLUME_BYTES);
        assertThat(spec.getDataSource().getApiGroup()).isEqualTo("snapshot.storage.k8s.io");
        assertThat(spec.getDataSource().getKind()).isEqualTo("VolumeSnapshot");
        assertThat(spec.getDataSource().getName()).isEqualTo(volume + ".1");
    }

    private static void assertLabelled(HasMetadata object, String volume) {
        assertThat(object.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(object.getMetadata().getName()).isEqualTo(MoverNames.name(volume, 1));
        assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "datamover-transfer-service", "datamover.io/volume", volume,
                "datamover.io/snapshot", "1", "datamover.io/site", "stockholm"));
    }

    private void assertObjectsDeleted(String volume) {
        Map<String, String> labels = Map.of(MoverNames.VOLUME_LABEL, volume);
        Awaitility.await("the mover objects of " + volume + " deleted").atMost(WAIT)
                .untilAsserted(() -> assertThat(moverObjects(labels)).isEmpty());
    }

    private List<HasMetadata> moverObjects(Map<String, String> labels) {
        return Stream.of(kube.pods().inAnyNamespace().withLabels(labels).list().getItems(),
                kube.persistentVolumeClaims().inAnyNamespace().withLabels(labels).list().getItems(),
                kube.secrets().inAnyNamespace().withLabels(labels).list().getItems())
                .<HasMetadata>flatMap(List::stream).toList();
    }

    private String deadLetterReason(String volume) {
        ConsumerRecord<String, String> dead = deadLetters.await("dead letter of " + volume,
                r -> volume.equals(r.key()));
        assertThat(TopicReader.header(dead, DeadLetters.TOPIC)).isEqualTo(Topics.BLOCKS_CHANGED);
        return TopicReader.header(dead, DeadLetters.REASON);
    }

    /** A PersistentVolume of the csi driver bound to its claim {@code data-<volume>} in {@value CsiSite#NAMESPACE}. */
    private String csiVolume(String prefix) {
        String volume = Volumes.newId("pv-" + prefix);
        String claim = "data-" + volume;
        Quantity size = new Quantity(Long.toString(VOLUME_BYTES));
        kube.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(volume).endMetadata()
                .withNewSpec().addToCapacity("storage", size).withVolumeMode("Block")
                .withNewClaimRef().withNamespace(NAMESPACE).withName(claim).endClaimRef().endSpec()
                .build()).create();
        kube.persistentVolumeClaims().inNamespace(NAMESPACE).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claim).endMetadata()
                .withNewSpec().withStorageClassName(STORAGE_CLASS).withVolumeName(volume).withVolumeMode("Block")
                .withNewResources().addToRequests("storage", size).endResources().endSpec()
                .build()).create();
        return volume;
    }

    private void publishFullCopy(String volume) {
        Volumes.pages(Volumes.snapshotTaken(volume, VOLUME_BYTES, 1, null, "falkenberg"),
                List.of(new Extent(0, VOLUME_BYTES))).forEach(cbt::publish);
    }

    private Path randomFile(String volume) throws IOException {
        byte[] content = new byte[(int) VOLUME_BYTES];
        new Random().nextBytes(content);
        Path devices = Files.createDirectories(logs.resolve("devices"));
        return Files.write(devices.resolve(volume + ".img"), content);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
