package io.datamover.events;

import java.time.Instant;

/**
 * One replica of a volume in {@link ReplicaState}.
 *
 * @param consistentSnapshot the last snapshot applied at this site, absent before the first
 * @param lagBytes changed bytes of the snapshots taken at the primary and not yet applied here
 * @param lagSeconds age of the replica's data: from when its consistent snapshot was taken at the
 *     primary to when the primary's latest snapshot was taken, or to now while initializing
 * @param transfer the transfer of a later snapshot to this site while it is under way, absent otherwise
 */
public record ReplicaStatus(
        String site,
        Long consistentSnapshot,
        Instant consistentSnapshotTakenAt,
        Instant appliedAt,
        long lagBytes,
        long lagSeconds,
        ReplicaHealth state,
        TransferProgress transfer) {

    public ReplicaStatus {
        Fields.id("site", site);
        Fields.notNegative("lagBytes", lagBytes);
        Fields.notNegative("lagSeconds", lagSeconds);
        Fields.required("state", state);
    }

    /** A replica with no transfer under way. */
    public ReplicaStatus(String site, Long consistentSnapshot, Instant consistentSnapshotTakenAt, Instant appliedAt,
            long lagBytes, long lagSeconds, ReplicaHealth state) {
        this(site, consistentSnapshot, consistentSnapshotTakenAt, appliedAt, lagBytes, lagSeconds, state, null);
    }
}
