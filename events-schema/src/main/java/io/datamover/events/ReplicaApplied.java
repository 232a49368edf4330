package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The replica of {@code volumeId} at {@code site} is consistent at {@code snapshot} of
 * {@code sourceSite}.
 *
 * @param appliedBytes data bytes written into the replica
 * @param shippedBytes bytes that crossed the link for this delta
 * @param snapshotTakenAt when the source took the snapshot: {@code timestamp - snapshotTakenAt} is the cycle time
 */
public record ReplicaApplied(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String sourceSite,
        String volumeId,
        long snapshot,
        Long baseSnapshot,
        long appliedBytes,
        long shippedBytes,
        Instant snapshotTakenAt) implements Event {

    public ReplicaApplied {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("sourceSite", sourceSite);
        Fields.id("volumeId", volumeId);
        Fields.positive("snapshot", snapshot);
        Fields.notNegative("appliedBytes", appliedBytes);
        Fields.notNegative("shippedBytes", shippedBytes);
        Fields.required("snapshotTakenAt", snapshotTakenAt);
    }

    public static ReplicaApplied of(String site, String sourceSite, String volumeId, long snapshot,
            Long baseSnapshot, long appliedBytes, long shippedBytes, Instant snapshotTakenAt) {
        return new ReplicaApplied(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, sourceSite,
                volumeId, snapshot, baseSnapshot, appliedBytes, shippedBytes, snapshotTakenAt);
    }

    @Override
    public String key() {
        return volumeId;
    }
}
