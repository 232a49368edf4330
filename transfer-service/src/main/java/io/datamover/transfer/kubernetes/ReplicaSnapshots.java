package io.datamover.transfer.kubernetes;

import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The VolumeSnapshots ({@code snapshot.storage.k8s.io/v1}) of the csi replicas, as generic resources: Fabric8 has no
 * typed model of them for this client. Failures surface as {@code KubernetesClientException}.
 */
final class ReplicaSnapshots {

    static final ResourceDefinitionContext VOLUME_SNAPSHOTS = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.storage.k8s.io").withVersion("v1").withKind("VolumeSnapshot")
            .withPlural("volumesnapshots").withNamespaced(true).build();

    /**
     * What the replica store reads of a VolumeSnapshot.
     *
     * @param snapshot the number its labels state, -1 when none
     * @param error {@code status.error.message} (or the whole error when it has no message), null without an error
     * @param annotations its annotations, never null
     */
    record State(String name, long snapshot, boolean ready, String error, boolean deleting,
            Map<String, String> labels, Map<String, String> annotations) {

        static State of(GenericKubernetesResource resource) {
            Map<String, Object> status = resource.getAdditionalProperties().get("status") instanceof Map<?, ?> map
                    ? castMap(map) : Map.of();
            Object error = status.get("error");
            String message = error instanceof Map<?, ?> details && details.get("message") instanceof String text
                    && !text.isEmpty() ? text : error == null ? null : error.toString();
            Map<String, String> labels = Optional.ofNullable(resource.getMetadata().getLabels()).orElse(Map.of());
            return new State(resource.getMetadata().getName(), MoverNames.snapshotOf(labels),
                    Boolean.TRUE.equals(status.get("readyToUse")), message,
                    resource.getMetadata().getDeletionTimestamp() != null, labels,
                    Optional.ofNullable(resource.getMetadata().getAnnotations()).orElse(Map.of()));
        }

        /** Ready, failed or going: waiting longer changes nothing. */
        boolean settled() {
            return ready || error != null || deleting;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
    }

    private final KubernetesClient client;

    ReplicaSnapshots(KubernetesClient client) {
        this.client = client;
    }

    List<State> list(String namespace, Map<String, String> labels) {
        return client.genericKubernetesResources(VOLUME_SNAPSHOTS).inNamespace(namespace).withLabels(labels).list()
                .getItems().stream().map(State::of).toList();
    }

    Optional<State> find(String namespace, String name) {
        return Optional.ofNullable(named(namespace, name).get()).map(State::of);
    }

    /**
     * Creates a VolumeSnapshot of the claim.
     *
     * @param snapshotClass its VolumeSnapshotClass; empty for the driver's default
     */
    void create(String namespace, String name, String claim, Optional<String> snapshotClass,
            Map<String, String> labels, Map<String, String> annotations) {
        GenericKubernetesResource snapshot = new GenericKubernetesResourceBuilder()
                .withApiVersion(VOLUME_SNAPSHOTS.getGroup() + "/" + VOLUME_SNAPSHOTS.getVersion())
                .withKind(VOLUME_SNAPSHOTS.getKind())
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .build();
        Map<String, Object> spec = new LinkedHashMap<>();
        snapshotClass.ifPresent(className -> spec.put("volumeSnapshotClassName", className));
        spec.put("source", Map.of("persistentVolumeClaimName", claim));
        snapshot.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(VOLUME_SNAPSHOTS).inNamespace(namespace).resource(snapshot).create();
    }

    /**
     * Waits (a watch) until the VolumeSnapshot is ready, failed, being deleted or gone (empty).
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientTimeoutException when none of that happens in time
     */
    Optional<State> awaitSettled(String namespace, String name, Duration timeout) {
        return Optional.ofNullable(named(namespace, name).waitUntilCondition(
                snapshot -> snapshot == null || State.of(snapshot).settled(), timeout.toMillis(),
                TimeUnit.MILLISECONDS)).map(State::of);
    }

    /** Deletes the VolumeSnapshot, if it exists, without waiting until it is gone. */
    void delete(String namespace, String name) {
        named(namespace, name).delete();
    }

    /** Deletes the VolumeSnapshot and waits until it is gone, at most {@code timeout}. */
    void deleteAndWait(String namespace, String name, Duration timeout) {
        Resource<GenericKubernetesResource> snapshot = named(namespace, name);
        snapshot.delete();
        snapshot.waitUntilCondition(Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Resource<GenericKubernetesResource> named(String namespace, String name) {
        return client.genericKubernetesResources(VOLUME_SNAPSHOTS).inNamespace(namespace).withName(name);
    }
}
