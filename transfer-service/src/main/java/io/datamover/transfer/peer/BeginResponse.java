package io.datamover.transfer.peer;

import java.util.List;

/**
 * Answer to a begin: whether the source is to send chunks, and which the target already holds verified.
 *
 * @param status {@link #STAGING} or {@link #ALREADY_APPLIED} (the replica is consistent at the snapshot or later)
 */
public record BeginResponse(String status, List<Integer> chunksVerified) {

    public static final String STAGING = "staging";
    public static final String ALREADY_APPLIED = "already-applied";

    public BeginResponse {
        chunksVerified = List.copyOf(chunksVerified);
    }

    public boolean alreadyApplied() {
        return ALREADY_APPLIED.equals(status);
    }
}
