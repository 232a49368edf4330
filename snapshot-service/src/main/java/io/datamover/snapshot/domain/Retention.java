package io.datamover.snapshot.domain;

import java.util.Collection;
import java.util.List;

/**
 * Which snapshots to delete: all but the newest {@code retain}, except the base of the next delta
 * and anything newer than it, which the targets still need.
 */
public final class Retention {

    private Retention() {
    }

    /**
     * @param retained the snapshots the store holds
     * @param base the snapshot every target holds, or null
     * @return the snapshots to delete, oldest first
     */
    public static List<Long> expired(Collection<Long> retained, int retain, Long base) {
        List<Long> ascending = retained.stream().sorted().toList();
        List<Long> older = ascending.subList(0, Math.max(0, ascending.size() - retain));
        return older.stream()
                .filter(snapshot -> base == null || snapshot < base)
                .toList();
    }
}
