package io.datamover.transfer.peer;

/**
 * Answer to a commit.
 *
 * @param state {@link TransferStatus#APPLIED}, or {@link BeginResponse#ALREADY_APPLIED} when nothing was staged
 *     because the replica already held the snapshot
 * @param appliedBytes data bytes written into the replica
 * @param shippedBytes bytes of all chunks received for this delta
 */
public record CommitResult(String volumeId, long snapshot, String state, long appliedBytes, long shippedBytes) {
}
