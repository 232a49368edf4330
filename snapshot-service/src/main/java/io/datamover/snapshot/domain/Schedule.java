package io.datamover.snapshot.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * When a protected volume is due for its next snapshot. Back-pressure: while the last snapshot is
 * still on its way to some target, no further snapshot is taken, unless that transfer has stalled
 * for longer than the stall timeout; so snapshots never pile up behind a slow link.
 */
public final class Schedule {

    private final Duration stallTimeout;

    public Schedule(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    /**
     * @param last the volume's newest snapshot, null if it has none
     * @param applied the last snapshot applied at each target site (targets without one are absent)
     */
    public boolean isDue(Protection protection, LastSnapshot last, Map<String, Long> applied, Instant now) {
        if (last == null) {
            return true;
        }
        boolean intervalPassed = !now.isBefore(last.takenAt().plusSeconds(protection.intervalSeconds()));
        return intervalPassed && (appliedEverywhere(protection, last.snapshot(), applied)
                || !now.isBefore(last.takenAt().plus(stallTimeout)));
    }

    private static boolean appliedEverywhere(Protection protection, long snapshot, Map<String, Long> applied) {
        return protection.targetSites().stream()
                .allMatch(target -> applied.getOrDefault(target, 0L) >= snapshot);
    }
}
