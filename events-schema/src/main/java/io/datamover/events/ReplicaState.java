package io.datamover.events;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Placement's view of one volume, the value of the compacted {@code replica-state} topic: its
 * primary site, the primary's latest snapshot and every replica, by site.
 *
 * @param groupId the volume group the volume is snapshotted and moved with, absent for a volume on its own
 * @param groupPriority the group's priority its primary's latest snapshot announced, higher moves first; absent for a
 *     volume on its own, before the first such snapshot and in states written before the field
 */
public record ReplicaState(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String volumeId,
        String primarySite,
        Long latestSnapshot,
        Instant latestSnapshotAt,
        Map<String, ReplicaStatus> replicas,
        String groupId,
        Integer groupPriority) implements Event {

    public ReplicaState {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("volumeId", volumeId);
        if (primarySite != null) {
            Fields.id("primarySite", primarySite);
        }
        Fields.required("replicas", replicas).forEach((site, status) -> {
            Fields.id("replicas", site);
            Fields.required("replicas." + site, status);
        });
        replicas = Collections.unmodifiableMap(new TreeMap<>(replicas));
        if (groupId != null) {
            Fields.id("groupId", groupId);
        }
        Fields.priority("groupPriority", groupPriority);
    }

    public static ReplicaState of(String volumeId, String primarySite, Long latestSnapshot, Instant latestSnapshotAt,
            Map<String, ReplicaStatus> replicas, String groupId, Integer groupPriority) {
        return new ReplicaState(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), volumeId, primarySite,
                latestSnapshot, latestSnapshotAt, replicas, groupId, groupPriority);
    }

    /** A state whose group announced no priority. */
    public static ReplicaState of(String volumeId, String primarySite, Long latestSnapshot, Instant latestSnapshotAt,
            Map<String, ReplicaStatus> replicas, String groupId) {
        return of(volumeId, primarySite, latestSnapshot, latestSnapshotAt, replicas, groupId, null);
    }

    @Override
    public String key() {
        return volumeId;
    }

    @Override
    public String site() {
        return primarySite;
    }
}
