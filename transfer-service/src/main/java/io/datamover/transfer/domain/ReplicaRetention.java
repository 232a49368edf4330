package io.datamover.transfer.domain;

import java.util.Collection;
import java.util.List;

/**
 * Which snapshots of a replica to delete: all but the newest {@code retain} of those up to its consistent snapshot.
 * The consistent snapshot is always among those kept, and a snapshot newer than it (a delta being sealed) is neither
 * deleted nor counted.
 */
public final class ReplicaRetention {

    private ReplicaRetention() {
    }

    /**
     * @param held the snapshots the replica holds
     * @param retain how many to keep, 1 or more
     * @param consistent the replica's consistent snapshot, null before its first seal
     * @return the snapshots to delete, oldest first
     */
    public static List<Long> expired(Collection<Long> held, int retain, Long consistent) {
        if (consistent == null) {
            return List.of();
        }
        List<Long> settled = held.stream().filter(snapshot -> snapshot <= consistent).sorted().toList();
        return settled.subList(0, Math.max(0, settled.size() - retain));
    }
}
