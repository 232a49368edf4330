package io.datamover.snapshot.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The base snapshot of a delta: the newest snapshot that every target already holds, that is the
 * smallest last-applied snapshot over the targets. There is none (a full copy is needed) when a
 * target holds nothing yet or when the store no longer retains that snapshot.
 */
public final class BaseSelection {

    private BaseSelection() {
    }

    /**
     * @param applied the last snapshot applied at each target site
     * @param retained the snapshots the store still holds
     * @param snapshot the snapshot the delta leads to; the base must be older
     * @return the base snapshot, or null for a full copy
     */
    public static Long base(List<String> targets, Map<String, Long> applied, Collection<Long> retained,
            long snapshot) {
        Long base = smallestApplied(targets, applied);
        return base != null && base < snapshot && retained.contains(base) ? base : null;
    }

    /** The smallest last-applied snapshot over the targets, or null when some target has none. */
    public static Long smallestApplied(List<String> targets, Map<String, Long> applied) {
        long smallest = Long.MAX_VALUE;
        for (String target : targets) {
            Long snapshot = applied.get(target);
            if (snapshot == null) {
                return null;
            }
            smallest = Math.min(smallest, snapshot);
        }
        return targets.isEmpty() ? null : smallest;
    }
}
