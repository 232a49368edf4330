package io.datamover.transfer.domain;

import io.datamover.events.Fields;
import java.time.Instant;

/**
 * What a target knows of an incoming delta, from the source's begin request; staged next to the
 * chunks so that a restarted target can finish the apply on its own.
 *
 * @param baseSnapshot the snapshot the delta applies on, null for a full copy
 * @param chunkCount chunks of the delta, numbered from 0; 0 when nothing changed
 * @param bytesTotal framed bytes of all chunks
 */
public record Manifest(
        String volumeId,
        long snapshot,
        String sourceSite,
        Long baseSnapshot,
        long volumeBytes,
        int blockSize,
        int chunkCount,
        long bytesTotal,
        Instant snapshotTakenAt) {

    public Manifest {
        Fields.id("volumeId", volumeId);
        Fields.positive("snapshot", snapshot);
        Fields.id("sourceSite", sourceSite);
        if (baseSnapshot != null && (baseSnapshot < 1 || baseSnapshot >= snapshot)) {
            throw new IllegalArgumentException("field 'baseSnapshot' must lie between 1 and snapshot - 1, was "
                    + baseSnapshot);
        }
        Fields.positive("volumeBytes", volumeBytes);
        Fields.positive("blockSize", blockSize);
        Fields.notNegative("chunkCount", chunkCount);
        Fields.notNegative("bytesTotal", bytesTotal);
        Fields.required("snapshotTakenAt", snapshotTakenAt);
    }

    /** Whether {@code k} names a chunk of this delta. */
    public boolean hasChunk(int k) {
        return k >= 0 && k < chunkCount;
    }

    /** Names the delta in logs and errors. */
    public String describe() {
        return "volume " + volumeId + " snapshot " + snapshot
                + (baseSnapshot == null ? " (full)" : " (base " + baseSnapshot + ")") + " from site " + sourceSite;
    }
}
