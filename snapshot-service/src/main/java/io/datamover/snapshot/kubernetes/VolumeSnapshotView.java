package io.datamover.snapshot.kubernetes;

import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What the csi backend reads of a {@code VolumeSnapshot} (group {@code snapshot.storage.k8s.io/v1}), a typed view
 * of the generic resource: the snapshot number its labels state (-1 when none), {@code status.readyToUse},
 * {@code status.error.message}, {@code status.boundVolumeSnapshotContentName}, and when it was taken
 * ({@code status.creationTime}, else the object's creation).
 */
public record VolumeSnapshotView(String namespace, String name, long snapshot, boolean ready, String error,
        String contentName, Instant createdAt, boolean deleting) {

    public static VolumeSnapshotView of(GenericKubernetesResource resource) {
        ObjectMeta metadata = resource.getMetadata();
        Map<String, Object> fields = resource.getAdditionalProperties();
        Object creationTime = at(fields, "status", "creationTime");
        return new VolumeSnapshotView(metadata.getNamespace(), metadata.getName(),
                VolumeSnapshotNames.snapshotOf(metadata.getLabels()),
                Boolean.TRUE.equals(at(fields, "status", "readyToUse")),
                text(at(fields, "status", "error", "message"), at(fields, "status", "error")),
                text(at(fields, "status", "boundVolumeSnapshotContentName"), null),
                instant(creationTime instanceof String time ? time : metadata.getCreationTimestamp()),
                metadata.getDeletionTimestamp() != null);
    }

    /** Ready, failed or being deleted: nothing more to wait for. */
    public boolean isSettled() {
        return ready || error != null || deleting;
    }

    @Override
    public String toString() {
        return "VolumeSnapshot " + namespace + "/" + name;
    }

    /** The value at {@code path} in nested maps, null where one is missing. */
    public static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** A text value; an error object without a message is reported as the object. */
    private static String text(Object value, Object whole) {
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        return whole == null ? null : whole.toString();
    }

    private static Instant instant(String time) {
        if (time == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
