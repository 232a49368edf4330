package io.datamover.launcher.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * One snapshot of a volume on its way to the target site, as its events tell it: {@code snapshot-taken} at the
 * source, the last page of {@code blocks-changed} (the changed set is complete and the transfer begins), and
 * {@code replica-applied} at the target (the replica is consistent).
 *
 * @param changedBytes bytes of the changed set that {@code blocks-changed} reported
 * @param shippedBytes bytes that crossed the link, framing included, as {@code replica-applied} reported
 */
record TransferCycle(String volumeId, long snapshot, Long baseSnapshot, String method, Instant takenAt,
        Instant changesFoundAt, Instant appliedAt, long changedBytes, long shippedBytes) {

    /** From the snapshot taken at the source to the replica consistent at the target. */
    double cycleMillis() {
        return millis(takenAt, appliedAt);
    }

    /** The transfer alone: from the complete changed set to the replica consistent, shipping and applying. */
    double shipApplyMillis() {
        return millis(changesFoundAt, appliedAt);
    }

    /** Finding the changed blocks: from the snapshot taken to the complete changed set. */
    double changedSetMillis() {
        return millis(takenAt, changesFoundAt);
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
