package io.datamover.blockstore.api;

import java.time.Instant;

/** Snapshot {@code snapshot} of volume {@code volumeId}: an immutable image of its {@code sizeBytes} bytes. */
public record SnapshotInfo(String volumeId, long snapshot, Instant createdAt, long sizeBytes) {
}
