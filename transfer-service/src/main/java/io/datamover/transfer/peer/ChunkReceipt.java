package io.datamover.transfer.peer;

/** Answer to a chunk upload: chunk {@code chunk} is staged and verified against {@code checksum}. */
public record ChunkReceipt(String volumeId, long snapshot, int chunk, long bytes, String checksum) {
}
