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

    /**
     * A group is due when each of its volumes is, as it would be protected alone; after an attempt
     * that ran the pre hook and took no snapshot, only once the interval has passed since.
     *
     * @param last each volume's newest snapshot; volumes without one are absent
     * @param applied per volume, the last snapshot applied at each target site
     * @param failedAttemptAt when such an attempt last failed, null if none has since the last success
     */
    public boolean isDue(Group group, Map<String, LastSnapshot> last, Map<String, Map<String, Long>> applied,
            Instant failedAttemptAt, Instant now) {
        if (failedAttemptAt != null && now.isBefore(failedAttemptAt.plusSeconds(group.intervalSeconds()))) {
            return false;
        }
        return group.volumeIds().stream().allMatch(volumeId -> isDue(group.protectionOf(volumeId),
                last.get(volumeId), applied.getOrDefault(volumeId, Map.of()), now));
    }

    private static boolean appliedEverywhere(Protection protection, long snapshot, Map<String, Long> applied) {
        return protection.targetSites().stream()
                .allMatch(target -> applied.getOrDefault(target, 0L) >= snapshot);
    }
}
