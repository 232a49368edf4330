package io.datamover.events;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Kubernetes objects of volume group {@code groupId}'s application at {@code site}, exported for
 * {@code targetSite}: cleaned of what the source cluster owns and already transformed for the target (its
 * namespace and storage classes), so that the target applies them as they are when the group moves there. The topic
 * is compacted by {@link #key()}: the latest export per group and target is what a target holds.
 *
 * @param site the source site, whose kube-controller exported the objects
 * @param sourceNamespace the application's namespace at the source
 * @param targetNamespace the namespace the objects are for at the target
 * @param objects the objects as JSON maps, each with {@code apiVersion}, {@code kind} and {@code metadata.name} (an
 *     object name: DNS labels joined by '.')
 * @param volumes per PersistentVolumeClaim among the objects (its name), the volume id it maps to; empty when none
 *     (never null once read)
 */
public record ApplicationExported(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String groupId,
        String site,
        String targetSite,
        String sourceNamespace,
        String targetNamespace,
        List<Map<String, Object>> objects,
        SortedMap<String, String> volumes) implements Event {

    public ApplicationExported {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("groupId", groupId);
        Fields.id("site", site);
        Fields.id("targetSite", targetSite);
        Fields.id("sourceNamespace", sourceNamespace);
        Fields.id("targetNamespace", targetNamespace);
        Fields.required("objects", objects);
        for (int i = 0; i < objects.size(); i++) {
            checkObject("objects[" + i + "]", objects.get(i));
        }
        objects = List.copyOf(objects);
        volumes = volumes == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(volumes));
        volumes.forEach((claim, volumeId) -> {
            Fields.qualifiedId("volumes", claim);
            if (!Fields.isValidId(volumeId)) {
                throw new IllegalArgumentException("field 'volumes' must map claim '" + claim + "' to a valid id,"
                        + " was '" + volumeId + "'");
            }
        });
    }

    public static ApplicationExported of(String groupId, String site, String targetSite, String sourceNamespace,
            String targetNamespace, List<Map<String, Object>> objects, Map<String, String> volumes) {
        return new ApplicationExported(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), groupId, site,
                targetSite, sourceNamespace, targetNamespace, objects, new TreeMap<>(volumes));
    }

    /** The compaction key: one export per group and target, {@code <groupId>.<targetSite>}. */
    @Override
    public String key() {
        return key(groupId, targetSite);
    }

    public static String key(String groupId, String targetSite) {
        return groupId + "." + targetSite;
    }

    private static void checkObject(String field, Map<String, Object> object) {
        Fields.required(field, object);
        text(field + ".apiVersion", object.get("apiVersion"));
        text(field + ".kind", object.get("kind"));
        if (!(Fields.required(field + ".metadata", object.get("metadata")) instanceof Map<?, ?> metadata)) {
            throw new IllegalArgumentException("field '" + field + ".metadata' must be an object");
        }
        Fields.qualifiedId(field + ".metadata.name", text(field + ".metadata.name", metadata.get("name")));
    }

    private static String text(String field, Object value) {
        if (!(Fields.required(field, value) instanceof String text)) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return Fields.text(field, text);
    }
}
