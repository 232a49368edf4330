package io.datamover.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of the changed set of volume {@code volumeId} at {@code site} between
 * {@code baseSnapshot} (absent for a full copy) and {@code snapshot}. A large changed set comes in
 * {@code pageCount} pages, numbered from 0; {@code changedBytes} is the total over all pages.
 *
 * @param extents ascending, non-overlapping byte ranges of this page
 * @param snapshotTakenAt when the snapshot was taken, so that a cycle can be timed end to end
 */
public record BlocksChanged(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String volumeId,
        long snapshot,
        Long baseSnapshot,
        ChangeMethod method,
        int page,
        int pageCount,
        long changedBytes,
        long volumeBytes,
        int blockSize,
        List<Extent> extents,
        List<String> targetSites,
        Instant snapshotTakenAt) implements Event {

    public BlocksChanged {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("volumeId", volumeId);
        Fields.positive("snapshot", snapshot);
        Fields.required("method", method);
        if (method == ChangeMethod.FULL ? baseSnapshot != null : baseSnapshot == null) {
            throw new IllegalArgumentException("field 'baseSnapshot' must be present exactly when method is not 'full'");
        }
        Fields.positive("pageCount", pageCount);
        if (page < 0 || page >= pageCount) {
            throw new IllegalArgumentException("field 'page' must lie between 0 and pageCount - 1, was " + page);
        }
        Fields.notNegative("changedBytes", changedBytes);
        Fields.positive("volumeBytes", volumeBytes);
        Fields.positive("blockSize", blockSize);
        Fields.required("extents", extents).forEach(e -> Fields.required("extents[]", e));
        extents = List.copyOf(extents);
        requireAscending(extents, volumeBytes);
        targetSites = Fields.ids("targetSites", targetSites);
        Fields.required("snapshotTakenAt", snapshotTakenAt);
    }

    private static void requireAscending(List<Extent> extents, long volumeBytes) {
        long previousEnd = 0;
        for (Extent extent : extents) {
            if (extent.offset() < previousEnd) {
                throw new IllegalArgumentException("field 'extents' must be ascending and non-overlapping: extent at "
                        + extent.offset() + " starts before " + previousEnd);
            }
            if (extent.offset() > volumeBytes - extent.length()) {
                throw new IllegalArgumentException("field 'extents' reaches past the end of the volume: "
                        + extent.offset() + " + " + extent.length() + " > " + volumeBytes);
            }
            previousEnd = extent.end();
        }
    }

    public static BlocksChanged page(SnapshotTaken snapshot, ChangeMethod method, Long baseSnapshot, int page,
            int pageCount, long changedBytes, List<Extent> extents) {
        return new BlocksChanged(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), snapshot.site(),
                snapshot.volumeId(), snapshot.snapshot(), baseSnapshot, method, page, pageCount, changedBytes,
                snapshot.volumeBytes(), snapshot.blockSize(), extents, snapshot.targetSites(), snapshot.timestamp());
    }

    public long pageBytes() {
        return extents.stream().mapToLong(Extent::length).sum();
    }

    @Override
    public String key() {
        return volumeId;
    }
}
