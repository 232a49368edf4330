package io.datamover.snapshot.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes objects the csi backend reads and writes: PersistentVolumes, the claims (whose annotations keep its
 * state of a volume, {@link io.datamover.snapshot.domain.ClaimState}), and VolumeSnapshots and
 * VolumeSnapshotContents (group {@value #GROUP}, version {@value #VERSION}) as generic resources read through
 * {@link VolumeSnapshotView} (Fabric8's {@code volumesnapshot-model} is not published for the client's version).
 * Failures surface as {@link KubernetesClientException}.
 */
public final class VolumeSnapshotObjects {

    public static final String GROUP = "snapshot.storage.k8s.io";
    public static final String VERSION = "v1";
    public static final ResourceDefinitionContext SNAPSHOTS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind("VolumeSnapshot").withPlural("volumesnapshots")
            .withNamespaced(true).build();
    public static final ResourceDefinitionContext CONTENTS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind("VolumeSnapshotContent")
            .withPlural("volumesnapshotcontents").withNamespaced(false).build();

    private final KubernetesClient client;

    public VolumeSnapshotObjects(KubernetesClient client) {
        this.client = client;
    }

    /** A VolumeSnapshotContent's driver and the driver's handle of the snapshot (null while it has none). */
    public record Content(String name, String driver, String snapshotHandle) {
    }

    public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(client.persistentVolumes().withName(name).get());
    }

    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
    }

    /** The claims of every namespace labelled as restored for the volume by a move ({@code labelKey=volumeId}). */
    public List<PersistentVolumeClaim> claimsLabelled(String labelKey, String volumeId) {
        return client.persistentVolumeClaims().inAnyNamespace().withLabel(labelKey, volumeId).list().getItems();
    }

    /** Sets the claim's annotations {@code changes} gives a value, and removes those it maps to null. */
    public void annotate(String namespace, String name, Map<String, String> changes) {
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).edit(claim -> {
            Map<String, String> annotations = claim.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(claim.getMetadata().getAnnotations());
            changes.forEach((key, value) -> {
                if (value == null) {
                    annotations.remove(key);
                } else {
                    annotations.put(key, value);
                }
            });
            claim.getMetadata().setAnnotations(annotations);
            return claim;
        });
    }

    public List<VolumeSnapshotView> list(String namespace, Map<String, String> labels) {
        return client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace).withLabels(labels).list()
                .getItems().stream().map(VolumeSnapshotView::of).toList();
    }

    public Optional<VolumeSnapshotView> find(String namespace, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace).withName(name)
                .get()).map(VolumeSnapshotView::of);
    }

    /**
     * Creates a VolumeSnapshot of the claim.
     *
     * @param snapshotClass the VolumeSnapshotClass; empty: the default class of the claim's driver
     * @return false when an object of that name exists already
     */
    public boolean create(String namespace, String name, String claim, Optional<String> snapshotClass,
            Map<String, String> labels) {
        GenericKubernetesResource snapshot = new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/" + VERSION)
                .withKind(SNAPSHOTS.getKind())
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .build();
        Map<String, Object> spec = new LinkedHashMap<>();
        snapshotClass.ifPresent(className -> spec.put("volumeSnapshotClassName", className));
        spec.put("source", Map.of("persistentVolumeClaimName", claim));
        snapshot.setAdditionalProperty("spec", spec);
        try {
            client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace).resource(snapshot).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Waits until the VolumeSnapshot is ready, failed or being deleted; empty when it is gone.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientTimeoutException when none of that happened in time
     */
    public Optional<VolumeSnapshotView> awaitSettled(String namespace, String name, Duration timeout) {
        GenericKubernetesResource settled = client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace)
                .withName(name).waitUntilCondition(resource -> resource == null
                        || VolumeSnapshotView.of(resource).isSettled(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.ofNullable(settled).map(VolumeSnapshotView::of);
    }

    public Optional<Content> content(String name) {
        return Optional.ofNullable(client.genericKubernetesResources(CONTENTS).withName(name).get())
                .map(content -> new Content(name,
                        textAt(content, "spec", "driver"), textAt(content, "status", "snapshotHandle")));
    }

    public void delete(String namespace, String name) {
        client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace).withName(name).delete();
    }

    private static String textAt(GenericKubernetesResource resource, String... path) {
        return VolumeSnapshotView.at(resource.getAdditionalProperties(), path) instanceof String text
                && !text.isEmpty() ? text : null;
    }
}
