package io.datamover.snapshot.support;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.datamover.snapshot.kubernetes.VolumeSnapshotObjects;
import io.datamover.snapshot.kubernetes.VolumeSnapshotView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the CSI snapshot controller and driver for the csi backend's tests, the embedded block store standing in for
 * the driver (as the design has it): when a VolumeSnapshot appears, it takes the block store snapshot of the volume
 * of its claim (the PersistentVolume named in the claim's {@code spec.volumeName}, a store volume of that name),
 * creates a VolumeSnapshotContent of driver {@value #DRIVER} whose {@code snapshotHandle} is the name the store's
 * SnapshotMetadata service resolves ({@code <volume>.<n>}), and sets the VolumeSnapshot readyToUse. A volume may be
 * told to fail (the VolumeSnapshot gets {@code status.error}) or be held (its VolumeSnapshots stay unready until
 * released). A deleted VolumeSnapshot takes its content and store snapshot with it (deletion policy Delete).
 */
public final class SnapshotControllerStandIn implements AutoCloseable {

    public static final String DRIVER = "block-store.csi.datamover.io";

    private final KubernetesClient client;
    private final BlockStoreClient store;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    private SnapshotControllerStandIn(KubernetesClient client, BlockStoreClient store) {
        this.client = client;
        this.store = store;
        this.informer = client.genericKubernetesResources(VolumeSnapshotObjects.SNAPSHOTS).inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource snapshot) {
                        take(snapshot);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource snapshot, boolean finalStateUnknown) {
                        deleted(snapshot);
                    }
                });
    }

    public static SnapshotControllerStandIn start(KubernetesClient client, BlockStoreClient store) {
        return new SnapshotControllerStandIn(client, store);
    }

    /**
     * A volume of {@code bytes} in the store, its PersistentVolume {@code volumeId} of driver {@value #DRIVER} and
     * its claim {@code claim} in {@code namespace}, bound to each other.
     */
    public void createVolume(String namespace, String claim, String volumeId, long bytes) {
        store.createVolume(volumeId, bytes, 4096, VolumeRole.PRIMARY);
        Quantity size = new Quantity(Long.toString(bytes));
        client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(volumeId).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size))
                .withAccessModes("ReadWriteOnce")
                .withNewClaimRef().withNamespace(namespace).withName(claim).endClaimRef()
                .withNewCsi().withDriver(DRIVER).withVolumeHandle(volumeId).endCsi()
                .endSpec()
                .build()).create();
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withNamespace(namespace).withName(claim).endMetadata()
                .withNewSpec().withVolumeName(volumeId).withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", size)).endResources()
                .endSpec()
                .build()).create();
    }

    /** The volume's next VolumeSnapshots report {@code message} as their error. */
    public void failWith(String volumeId, String message) {
        failures.put(volumeId, message);
    }

    public void succeed(String volumeId) {
        failures.remove(volumeId);
    }

    /** The volume's next VolumeSnapshots stay unready until {@link #release}. */
    public void hold(String volumeId) {
        held.add(volumeId);
    }

    /** Takes the volume's VolumeSnapshots left unready while it was held. */
    public void release(String volumeId) {
        held.remove(volumeId);
        client.genericKubernetesResources(VolumeSnapshotObjects.SNAPSHOTS).inAnyNamespace()
                .withLabel(VolumeSnapshotNames.VOLUME_LABEL, volumeId).list().getItems().forEach(this::take);
    }

    /** The names of every VolumeSnapshot the stand-in saw created, in order. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    private synchronized void take(GenericKubernetesResource snapshot) {
        VolumeSnapshotView view = VolumeSnapshotView.of(snapshot);
        if (view.isSettled()) {
            return;
        }
        if (!seen.contains(view.namespace() + "/" + view.name())) {
            seen.add(view.namespace() + "/" + view.name());
        }
        String volumeId = volumeOf(view.namespace(), snapshot);
        if (held.contains(volumeId)) {
            return;
        }
        String failure = failures.get(volumeId);
        if (failure != null) {
            status(view, Map.of("readyToUse", false, "error", Map.of("message", failure,
                    "time", Instant.now().toString())));
            return;
        }
        SnapshotInfo taken = store.createSnapshot(volumeId);
        if (taken.snapshot() != view.snapshot()) {
            status(view, Map.of("readyToUse", false, "error", Map.of("message", "stand-in: the store took snapshot "
                    + taken.snapshot() + ", not " + view.snapshot())));
            return;
        }
        String content = contentName(view);
        GenericKubernetesResource bound = new GenericKubernetesResourceBuilder()
                .withApiVersion(VolumeSnapshotObjects.GROUP + "/" + VolumeSnapshotObjects.VERSION)
                .withKind(VolumeSnapshotObjects.CONTENTS.getKind())
                .withNewMetadata().withName(content).endMetadata()
                .build();
        bound.setAdditionalProperty("spec", Map.of("driver", DRIVER, "deletionPolicy", "Delete",
                "source", Map.of("volumeHandle", volumeId),
                "volumeSnapshotRef", Map.of("namespace", view.namespace(), "name", view.name())));
        bound.setAdditionalProperty("status", Map.of("readyToUse", true,
                "snapshotHandle", SnapshotRef.name(volumeId, taken.snapshot())));
        client.genericKubernetesResources(VolumeSnapshotObjects.CONTENTS).resource(bound).create();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("boundVolumeSnapshotContentName", content);
        status.put("creationTime", taken.createdAt().toString());
        status.put("readyToUse", true);
        status.put("restoreSize", Long.toString(taken.sizeBytes()));
        status(view, status);
    }

    private void deleted(GenericKubernetesResource snapshot) {
        VolumeSnapshotView view = VolumeSnapshotView.of(snapshot);
        GenericKubernetesResource content = client.genericKubernetesResources(VolumeSnapshotObjects.CONTENTS)
                .withName(contentName(view)).get();
        if (content == null) {
            return;
        }
        Object handle = VolumeSnapshotView.at(content.getAdditionalProperties(), "status", "snapshotHandle");
        SnapshotRef ref = SnapshotRef.parse((String) handle);
        store.deleteSnapshot(ref.volumeId(), ref.snapshot());
        client.genericKubernetesResources(VolumeSnapshotObjects.CONTENTS).withName(contentName(view)).delete();
    }

    private String volumeOf(String namespace, GenericKubernetesResource snapshot) {
        Object claim = VolumeSnapshotView.at(snapshot.getAdditionalProperties(), "spec", "source",
                "persistentVolumeClaimName");
        PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace(namespace).withName((String) claim)
                .get();
        return bound.getSpec().getVolumeName();
    }

    private void status(VolumeSnapshotView view, Map<String, Object> status) {
        client.genericKubernetesResources(VolumeSnapshotObjects.SNAPSHOTS).inNamespace(view.namespace())
                .withName(view.name()).edit(snapshot -> {
                    snapshot.setAdditionalProperty("status", status);
                    return snapshot;
                });
    }

    private static String contentName(VolumeSnapshotView view) {
        return "snapcontent-" + view.namespace() + "-" + view.name();
    }

    @Override
    public void close() {
        informer.close();
    }
}
