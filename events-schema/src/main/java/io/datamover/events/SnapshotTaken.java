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
        String decisionId) implements Event {

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
    }

    /** A snapshot taken for no placement decision. */
    public SnapshotTaken(int schemaVersion, String eventId, Instant timestamp, String site, String volumeId,
            long snapshot, Long baseSnapshot, String groupId, Consistency consistency, long volumeBytes,
            int blockSize, List<String> targetSites) {
        this(schemaVersion, eventId, timestamp, site, volumeId, snapshot, baseSnapshot, groupId, consistency,
                volumeBytes, blockSize, targetSites, null);
    }

    public static SnapshotTaken of(String site, String volumeId, long snapshot, Long baseSnapshot,
            long volumeBytes, int blockSize, List<String> targetSites) {
        return new SnapshotTaken(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, volumeId,
                snapshot, baseSnapshot, null, Consistency.CRASH, volumeBytes, blockSize, targetSites, null);
    }

    @Override
    public String key() {
        return volumeId;
    }
}
