package io.datamover.transfer.peer;

/**
 * What precedes a chunk on the data plane, as {@code PUT /transfers/{volumeId}/{snapshot}/chunks/{k}}'s path and
 * headers do over HTTP.
 *
 * @param bodyBytes bytes of the chunk that follow the header, as sent (compressed or not)
 * @param checksum the chunk's checksum, {@code crc32c:<8 hex digits>} (see {@code ChunkSums})
 * @param encoding {@code zstd}, or null when the body is sent as is
 */
public record ChunkHeader(String volumeId, long snapshot, int chunk, long bodyBytes, String checksum,
        String encoding) {
}
