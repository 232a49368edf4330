package io.datamover.placement.domain;

import io.datamover.events.Fields;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything placement keeps about one volume between events, the value of its state store.
 *
 * @param primarySite the site that took the latest snapshot, absent before the first
 * @param latestSnapshot the primary's latest snapshot
 * @param latestSnapshotAt when the primary took it
 * @param changedBytes changed bytes by snapshot, for the snapshots some replica has not applied yet
 * @param replicas every replica, by site
 * @param groupId the volume group of the primary's latest snapshot, absent for a volume on its own
 * @param groupPriority the group's priority the primary's latest snapshot announced, absent for a volume on its own
 *     and before a snapshot announced one
 */
public record VolumeAggregate(
        String volumeId,
        String primarySite,
        Long latestSnapshot,
        Instant latestSnapshotAt,
        SortedMap<Long, Long> changedBytes,
        SortedMap<String, ReplicaProgress> replicas,
        String groupId,
        Integer groupPriority) {

    public VolumeAggregate {
        Fields.id("volumeId", volumeId);
        changedBytes = Collections.unmodifiableSortedMap(new TreeMap<>(
                changedBytes == null ? Map.of() : changedBytes));
        replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas == null ? Map.of() : replicas));
    }

    /** A volume no event has been seen for yet. */
    public static VolumeAggregate empty(String volumeId) {
        return new VolumeAggregate(volumeId, null, null, null, null, null, null, null);
    }

    /** This volume with other changed bytes by snapshot. */
    public VolumeAggregate withChangedBytes(SortedMap<Long, Long> changed) {
        return new VolumeAggregate(volumeId, primarySite, latestSnapshot, latestSnapshotAt, changed, replicas, groupId,
                groupPriority);
    }

    /** This volume with other replicas. */
    public VolumeAggregate withReplicas(SortedMap<String, ReplicaProgress> others) {
        return new VolumeAggregate(volumeId, primarySite, latestSnapshot, latestSnapshotAt, changedBytes, others,
                groupId, groupPriority);
    }
}
