package io.datamover.blockstore.crash;

import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the store acknowledged of the replica: its consistent snapshot, and for each retained snapshot the digest
 * of the primary's snapshot of the same number when the apply was acknowledged.
 */
final class ReplicaModel {

    private final NavigableMap<Long, String> digests = new TreeMap<>();
    private Long consistent;

    /** The last snapshot applied, the base of the next delta; null before the first (full) copy. */
    Long consistent() {
        return consistent;
    }

    NavigableMap<Long, String> digests() {
        return digests;
    }

    void applied(long snapshot, String digest) {
        digests.put(snapshot, digest);
        consistent = snapshot;
    }

    void deleted(long snapshot) {
        digests.remove(snapshot);
    }

    /** The snapshots that retention may delete: all but the consistent one, which the next delta starts from. */
    List<Long> deletable() {
        return digests.keySet().stream().filter(n -> !Objects.equals(n, consistent)).toList();
    }
}
