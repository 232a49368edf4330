package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Chunk {@code chunk} of {@code chunkCount} of the delta to {@code snapshot} of {@code volumeId}
 * reached {@code targetSite} from {@code site} and was verified there.
 *
 * @param bytes payload bytes of this chunk as sent over the wire
 * @param checksum the chunk's checksum as verified by the target ({@code crc32c:<hex>})
 * @param bytesDone payload bytes of the whole delta delivered so far, this chunk included
 * @param bytesTotal payload bytes of the whole delta
 */
public record ChunkShipped(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String targetSite,
        String volumeId,
        long snapshot,
        int chunk,
        int chunkCount,
        long bytes,
        String checksum,
        long bytesDone,
        long bytesTotal) implements Event {

    public ChunkShipped {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("targetSite", targetSite);
        Fields.id("volumeId", volumeId);
        Fields.positive("snapshot", snapshot);
        Fields.positive("chunkCount", chunkCount);
        if (chunk < 0 || chunk >= chunkCount) {
            throw new IllegalArgumentException("field 'chunk' must lie between 0 and chunkCount - 1, was " + chunk);
        }
        Fields.notNegative("bytes", bytes);
        Fields.required("checksum", checksum);
        Fields.notNegative("bytesDone", bytesDone);
        Fields.notNegative("bytesTotal", bytesTotal);
    }

    public static ChunkShipped of(String site, String targetSite, String volumeId, long snapshot, int chunk,
            int chunkCount, long bytes, String checksum, long bytesDone, long bytesTotal) {
        return new ChunkShipped(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, targetSite,
                volumeId, snapshot, chunk, chunkCount, bytes, checksum, bytesDone, bytesTotal);
    }

    @Override
    public String key() {
        return volumeId;
    }
}
