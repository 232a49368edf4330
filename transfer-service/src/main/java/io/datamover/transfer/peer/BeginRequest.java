package io.datamover.transfer.peer;

import java.time.Instant;

/**
 * Body of {@code POST /transfers/{volumeId}/{snapshot}}: the source announces a delta.
 *
 * @param baseSnapshot the snapshot the delta applies on, null for a full copy
 * @param chunkCount chunks the source will send, numbered from 0
 * @param bytesTotal framed bytes of all chunks
 * @param snapshotTakenAt when the source took the snapshot
 */
public record BeginRequest(
        String sourceSite,
        Long baseSnapshot,
        long volumeBytes,
        int blockSize,
        int chunkCount,
        long bytesTotal,
        Instant snapshotTakenAt) {
}
