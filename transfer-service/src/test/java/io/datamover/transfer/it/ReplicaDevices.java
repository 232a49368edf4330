package io.datamover.transfer.it;

import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;

/**
 * Plays the CSI provisioner and snapshot controller for the csi replicas of the transfer-service under test, with
 * real files: a replica claim is a file of its requested size (zeros, or a copy of the VolumeSnapshot it is restored
 * from), bound at once; a replica VolumeSnapshot is a copy of its claim's file taken when it appears, then set
 * readyToUse. A volume may be told to fail (its VolumeSnapshots get {@code status.error}) or be held (they stay
 * unready until released). Deleted objects take their files with them.
 */
final class ReplicaDevices implements AutoCloseable {

    static final ResourceDefinitionContext VOLUME_SNAPSHOTS = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.storage.k8s.io").withVersion("v1").withKind("VolumeSnapshot")
            .withPlural("volumesnapshots").withNamespaced(true).build();

    private final KubernetesClient client;
    private final Path dir;
    /** Per claim (namespace/name), the uid of the claim whose file is ready. */
    private final Map<String, String> readyClaims = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** When each VolumeSnapshot (namespace/name) was set readyToUse. */
    private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final SharedIndexInformer<GenericKubernetesResource> snapshots;

    private ReplicaDevices(KubernetesClient client, Path dir) {
        this.client = client;
        this.dir = dir;
        this.claims = client.persistentVolumeClaims().inAnyNamespace()
                .withLabel(MoverNames.MANAGED_BY_LABEL, MoverNames.MANAGED_BY)
                .inform(new AddDeleteHandler<>(this::provision, this::deprovision));
        this.snapshots = client.genericKubernetesResources(VOLUME_SNAPSHOTS).inAnyNamespace()
                .withLabel(MoverNames.MANAGED_BY_LABEL, MoverNames.MANAGED_BY)
                .inform(new AddDeleteHandler<>(this::take, snapshot -> delete(snapshotFile(
                        snapshot.getMetadata().getNamespace(), snapshot.getMetadata().getName()))));
    }

    static ReplicaDevices start(KubernetesClient client, Path dir) {
        try {
            return new ReplicaDevices(client, Files.createDirectories(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file standing in for the claim's block device. */
    Path claimFile(String namespace, String claim) {
        return dir.resolve(namespace + "-" + claim + ".img");
    }

    /** The file holding what the VolumeSnapshot took. */
    Path snapshotFile(String namespace, String snapshot) {
        return dir.resolve(namespace + "-" + snapshot + ".snap");
    }

    /** Waits until the file of the claim as it is now in the API (its uid) is provisioned. */
    void awaitProvisioned(String namespace, String claim) {
        Awaitility.await("claim " + namespace + "/" + claim + " provisioned").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Optional.ofNullable(client.persistentVolumeClaims().inNamespace(namespace)
                        .withName(claim).get()).map(c -> c.getMetadata().getUid())
                        .filter(uid -> uid.equals(readyClaims.get(key(namespace, claim)))).isPresent());
    }

    /** The volume's VolumeSnapshots from now on report {@code message} as their error. */
    void failWith(String volumeId, String message) {
        failures.put(volumeId, message);
    }

    void succeed(String volumeId) {
        failures.remove(volumeId);
    }

    /** The volume's VolumeSnapshots from now on stay unready until {@link #release}. */
    void hold(String volumeId) {
        held.add(volumeId);
    }

    /** Takes the volume's VolumeSnapshots left unready while it was held. */
    void release(String volumeId) {
        held.remove(volumeId);
        client.genericKubernetesResources(VOLUME_SNAPSHOTS).inAnyNamespace()
                .withLabel(MoverNames.VOLUME_LABEL, volumeId).list().getItems().forEach(this::take);
    }

    /** When the stand-in set the VolumeSnapshot readyToUse, empty if it did not. */
    Optional<Instant> readyAt(String namespace, String snapshot) {
        return Optional.ofNullable(readyAt.get(key(namespace, snapshot)));
    }

    private void provision(PersistentVolumeClaim claim) {
        String namespace = claim.getMetadata().getNamespace();
        String name = claim.getMetadata().getName();
        if (claim.getMetadata().getLabels().get(MoverNames.REPLICA_SITE_LABEL) == null) {
            return;
        }
        Path file = claimFile(namespace, name);
        try {
            if (claim.getSpec().getDataSource() != null) {
                Files.copy(snapshotFile(namespace, claim.getSpec().getDataSource().getName()), file,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(file);
                try (RandomAccessFile device = new RandomAccessFile(file.toFile(), "rw")) {
                    device.setLength(Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests()
                            .get("storage")).longValueExact());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stand-in: cannot provision claim " + namespace + "/" + name, e);
        }
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).editStatus(c ->
                new PersistentVolumeClaimBuilder(c).withNewStatus().withPhase("Bound").endStatus().build());
        readyClaims.put(key(namespace, name), claim.getMetadata().getUid());
    }

    private void deprovision(PersistentVolumeClaim claim) {
        String key = key(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
        if (readyClaims.remove(key, claim.getMetadata().getUid())) {
            delete(claimFile(claim.getMetadata().getNamespace(), claim.getMetadata().getName()));
        }
    }

    private synchronized void take(GenericKubernetesResource snapshot) {
        String namespace = snapshot.getMetadata().getNamespace();
        String name = snapshot.getMetadata().getName();
        String volumeId = snapshot.getMetadata().getLabels().get(MoverNames.VOLUME_LABEL);
        if (snapshot.getAdditionalProperties().get("status") != null || held.contains(volumeId)) {
            return;
        }
        String failure = failures.get(volumeId);
        if (failure != null) {
            status(namespace, name, Map.of("readyToUse", false, "error", Map.of("message", failure)));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) snapshot.getAdditionalProperties()
                .get("spec")).get("source");
        Path claimFile = claimFile(namespace, (String) source.get("persistentVolumeClaimName"));
        try {
            Files.copy(claimFile, snapshotFile(namespace, name), StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("readyToUse", true);
            status.put("creationTime", Instant.now().toString());
            status.put("restoreSize", Long.toString(Files.size(claimFile)));
            readyAt.put(key(namespace, name), Instant.now());
            status(namespace, name, status);
        } catch (IOException e) {
            throw new UncheckedIOException("stand-in: cannot take VolumeSnapshot " + namespace + "/" + name, e);
        }
    }

    private void status(String namespace, String name, Map<String, Object> status) {
        client.genericKubernetesResources(VOLUME_SNAPSHOTS).inNamespace(namespace).withName(name).edit(snapshot -> {
            snapshot.setAdditionalProperty("status", status);
            return snapshot;
        });
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        claims.close();
        snapshots.close();
    }
}
