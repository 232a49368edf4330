package io.datamover.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Snapshot {@code snapshot} of volume {@code volumeId} exists at {@code site}.
 *
 * @param baseSnapshot the snapshot every target already holds, from which the changed set is to be
 *     computed; absent when some target holds nothing yet (a full copy is needed)
 * @param groupId the volume group snapshotted together, absent for a single volume
 * @param targetSites the sites the snapshot is to be replicated to
 * @param decisionId the placement decision the snapshot was taken for (a switchover's final snapshot), absent for a
 *     scheduled one
 * @param csi the snapshot's VolumeSnapshot, with the csi storage backend; absent with the embedded one (an optional
 *     field added as {@code decisionId} was: readers of either age read both kinds of event)
 * @param baseCsi the base snapshot's VolumeSnapshot, with the csi storage backend and a base; its snapshot handle
 *     is what GetMetadataDelta takes as {@code base_snapshot_id}
 * @param groupPriority the priority of the volume group when the snapshot was taken, higher moves first; absent for a
 *     volume outside any group and in events written before the field (placement then takes 0)
 */
public record SnapshotTaken(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String volumeId,
        long snapshot,
        Long baseSnapshot,
        String groupId,
        Consistency consistency,
        long volumeBytes,
        int blockSize,
        List<String> targetSites,
        String decisionId,
        CsiSnapshot csi,
        CsiSnapshot baseCsi,
        Integer groupPriority) implements Event {

    public SnapshotTaken {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("volumeId", volumeId);
        Fields.positive("snapshot", snapshot);
        if (baseSnapshot != null && (baseSnapshot < 1 || baseSnapshot >= snapshot)) {
            throw new IllegalArgumentException("field 'baseSnapshot' must lie between 1 and snapshot - 1, was "
                    + baseSnapshot);
        }
        if (groupId != null) {
            Fields.id("groupId", groupId);
        }
        Fields.required("consistency", consistency);
        Fields.positive("volumeBytes", volumeBytes);
        Fields.positive("blockSize", blockSize);
        targetSites = Fields.ids("targetSites", targetSites);
        Fields.priority("groupPriority", groupPriority);
        if (groupPriority != null && groupId == null) {
            throw new IllegalArgumentException("field 'groupPriority' is set without field 'groupId': only a volume"
                    + " group has a priority");
        }
    }

    /** A snapshot of the embedded storage backend, which has no CSI references, without a group priority. */
    public SnapshotTaken(int schemaVersion, String eventId, Instant timestamp, String site, String volumeId,
            long snapshot, Long baseSnapshot, String groupId, Consistency consistency, long volumeBytes,
            int blockSize, List<String> targetSites, String decisionId) {
        this(schemaVersion, eventId, timestamp, site, volumeId, snapshot, baseSnapshot, groupId, consistency,
                volumeBytes, blockSize, targetSites, decisionId, null, null, null);
    }

    /** A snapshot taken for no placement decision. */
    public SnapshotTaken(int schemaVersion, String eventId, Instant timestamp, String site, String volumeId,
            long snapshot, Long baseSnapshot, String groupId, Consistency consistency, long volumeBytes,
            int blockSize, List<String> targetSites) {
        this(schemaVersion, eventId, timestamp, site, volumeId, snapshot, baseSnapshot, groupId, consistency,
                volumeBytes, blockSize, targetSites, null, null, null, null);
    }

    /** The same event with the CSI references of the snapshot and of its base (either may be null). */
    public SnapshotTaken withCsi(CsiSnapshot snapshotCsi, CsiSnapshot baseSnapshotCsi) {
        return new SnapshotTaken(schemaVersion, eventId, timestamp, site, volumeId, snapshot, baseSnapshot, groupId,
                consistency, volumeBytes, blockSize, targetSites, decisionId, snapshotCsi, baseSnapshotCsi,
                groupPriority);
    }

    /** The same event with the priority of its volume group (null for none). */
    public SnapshotTaken withGroupPriority(Integer priority) {
        return new SnapshotTaken(schemaVersion, eventId, timestamp, site, volumeId, snapshot, baseSnapshot, groupId,
                consistency, volumeBytes, blockSize, targetSites, decisionId, csi, baseCsi, priority);
    }

    public static SnapshotTaken of(String site, String volumeId, long snapshot, Long baseSnapshot,
            long volumeBytes, int blockSize, List<String> targetSites) {
        return new SnapshotTaken(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, volumeId,
                snapshot, baseSnapshot, null, Consistency.CRASH, volumeBytes, blockSize, targetSites, null, null,
                null, null);
    }

    @Override
    public String key() {
        return volumeId;
    }
}
