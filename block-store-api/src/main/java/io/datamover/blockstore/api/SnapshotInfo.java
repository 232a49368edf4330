package io.datamover.blockstore.api;

import java.time.Instant;
import java.util.List;

/**
 * Snapshot {@code snapshot} of volume {@code volumeId}: an immutable image of its {@code sizeBytes} bytes.
 *
 * @param holds the holders (e.g. {@code transfer.<site>}) that keep the snapshot from being deleted
 * @param clones the volumes cloned from the snapshot, which keep it from being deleted too
 */
public record SnapshotInfo(String volumeId, long snapshot, Instant createdAt, long sizeBytes, List<String> holds,
        List<String> clones) {

    public SnapshotInfo {
        holds = holds == null ? List.of() : List.copyOf(holds);
        clones = clones == null ? List.of() : List.copyOf(clones);
    }

    /** A snapshot nothing holds. */
    public SnapshotInfo(String volumeId, long snapshot, Instant createdAt, long sizeBytes) {
        this(volumeId, snapshot, createdAt, sizeBytes, List.of(), List.of());
    }
}
