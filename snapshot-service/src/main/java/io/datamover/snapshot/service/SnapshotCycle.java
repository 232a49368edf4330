package io.datamover.snapshot.service;

import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.events.Consistency;
import io.datamover.events.SnapshotTaken;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.storage.SnapshotStorage;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One snapshot of a protected volume: take it in the store, choose the base of its delta, publish
 * {@code snapshot-taken}, then apply retention. Snapshots of one volume are taken one at a time.
 */
@Singleton
public class SnapshotCycle {

    private final SnapshotStorage store;
    private final VolumeSnapshots volumes;
    private final CycleLocks locks;

    public SnapshotCycle(SnapshotStorage store, VolumeSnapshots volumes, CycleLocks locks) {
        this.store = store;
        this.volumes = volumes;
        this.locks = locks;
    }

    /** Takes the next snapshot of the protected volume if it is due at {@code now} and a writable primary here. */
    public Optional<SnapshotTaken> runIfDue(Protection protection, Instant now) {
        synchronized (locks.of(protection.volumeId())) {
            if (!volumes.areSchedulable(List.of(protection.volumeId()), "volume " + protection.volumeId())
                    || !volumes.isDue(protection, now)) {
                return Optional.empty();
            }
            return Optional.of(take(protection));
        }
    }

    /** Takes a snapshot of the protected volume now, whatever its schedule says. */
    public SnapshotTaken takeNow(Protection protection) {
        synchronized (locks.of(protection.volumeId())) {
            return take(protection);
        }
    }

    private SnapshotTaken take(Protection protection) {
        VolumeInfo volume = volumes.primary(protection.volumeId(), "volumeId");
        SnapshotInfo snapshot = store.createSnapshot(protection.volumeId());
        return volumes.publish(List.of(new VolumeSnapshots.Taken(protection, volume, snapshot)), null, null,
                Consistency.CRASH, null).get(0);
    }

    /** Forgets what is known of the volume's snapshots, e.g. when its protection is removed. */
    public void forget(String volumeId) {
        volumes.forget(volumeId);
    }
}
