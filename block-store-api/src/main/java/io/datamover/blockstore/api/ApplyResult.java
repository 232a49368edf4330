package io.datamover.blockstore.api;

/**
 * The outcome of applying a delta to a replica.
 *
 * @param appliedBytes the data bytes written, 0 when the replica already held the snapshot
 */
public record ApplyResult(String volumeId, long snapshot, long appliedBytes) {
}
