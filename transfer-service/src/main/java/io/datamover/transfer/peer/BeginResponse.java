package io.datamover.transfer.peer;

import java.util.List;

/**
 * Answer to a begin: whether the source is to send chunks, and which the target already holds verified.
 *
 * @param status {@link #STAGING} or {@link #ALREADY_APPLIED} (the replica is consistent at the snapshot or later)
 * @param dataPort the port of the target's data plane, on the host of its peer address, where chunks are sent
 *     instead of {@code PUT .../chunks/{k}}; null when it has none
 */
public record BeginResponse(String status, List<Integer> chunksVerified, Integer dataPort) {

    public static final String STAGING = "staging";
    public static final String ALREADY_APPLIED = "already-applied";

    public BeginResponse {
        chunksVerified = List.copyOf(chunksVerified);
    }

    public BeginResponse(String status, List<Integer> chunksVerified) {
        this(status, chunksVerified, null);
    }

    public BeginResponse withDataPort(Integer port) {
        return new BeginResponse(status, chunksVerified, port);
    }

    public boolean alreadyApplied() {
        return ALREADY_APPLIED.equals(status);
    }
}
