package io.datamover.transfer.peer;

import java.util.List;

/**
 * Answer to {@code GET /transfers/{volumeId}/{snapshot}}.
 *
 * @param state {@link #STAGING}, {@link #COMMITTED} (being applied) or {@link #APPLIED} (nothing staged any
 *     more: the replica is consistent at the snapshot or later)
 * @param chunksVerified chunks staged and verified, ascending
 */
public record TransferStatus(String volumeId, long snapshot, String state, int chunkCount,
        List<Integer> chunksVerified) {

    public static final String STAGING = "staging";
    public static final String COMMITTED = "committed";
    public static final String APPLIED = "applied";

    public TransferStatus {
        chunksVerified = List.copyOf(chunksVerified);
    }

    public boolean applied() {
        return APPLIED.equals(state);
    }
}
