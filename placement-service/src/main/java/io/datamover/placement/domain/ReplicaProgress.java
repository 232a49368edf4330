package io.datamover.placement.domain;

import io.datamover.events.Fields;
import java.time.Instant;

/**
 * What placement knows of one replica of a volume.
 *
 * @param consistentSnapshot the last snapshot applied at the site, absent before the first
 * @param consistentSnapshotTakenAt when the primary took that snapshot
 * @param appliedAt when the site applied it
 * @param since when the primary took the first snapshot meant for this site (lag while initializing)
 * @param frozen whether the site's copy is frozen (receiving data)
 * @param frozenChangedAt time of the freeze or thaw that set {@code frozen}, so that an older one is ignored
 * @param transfer the transfer of a later snapshot to the site while it is under way, absent otherwise
 */
public record ReplicaProgress(
        String site,
        Long consistentSnapshot,
        Instant consistentSnapshotTakenAt,
        Instant appliedAt,
        Instant since,
        boolean frozen,
        Instant frozenChangedAt,
        InFlightTransfer transfer) {

    public ReplicaProgress {
        Fields.id("site", site);
    }

    static ReplicaProgress initializing(String site, Instant since) {
        return new ReplicaProgress(site, null, null, null, since, false, null, null);
    }

    boolean holds(long snapshot) {
        return consistentSnapshot != null && consistentSnapshot >= snapshot;
    }

    /** The replica at {@code snapshot}; a transfer of that snapshot or an older one is over. */
    ReplicaProgress applied(long snapshot, Instant takenAt, Instant at) {
        InFlightTransfer ongoing = transfer != null && transfer.snapshot() > snapshot ? transfer : null;
        return new ReplicaProgress(site, snapshot, takenAt, at, since, frozen, frozenChangedAt, ongoing);
    }

    boolean isNewerFreezeOrThaw(Instant at) {
        return frozenChangedAt == null || !at.isBefore(frozenChangedAt);
    }

    ReplicaProgress frozen(boolean value, Instant at) {
        return new ReplicaProgress(site, consistentSnapshot, consistentSnapshotTakenAt, appliedAt, since, value, at,
                transfer);
    }

    ReplicaProgress transferring(InFlightTransfer value) {
        return new ReplicaProgress(site, consistentSnapshot, consistentSnapshotTakenAt, appliedAt, since, frozen,
                frozenChangedAt, value);
    }
}
