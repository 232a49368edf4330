package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.events.Consistency;
import io.datamover.events.SnapshotTaken;
import io.datamover.snapshot.domain.Protection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One snapshot of a protected volume: take it in the store, choose the base of its delta, publish
 * {@code snapshot-taken}, then apply retention. Snapshots of one volume are taken one at a time.
 */
@Singleton
public class SnapshotCycle {

    private final BlockStoreClient store;
    private final VolumeSnapshots volumes;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public SnapshotCycle(BlockStoreClient store, VolumeSnapshots volumes) {
        this.store = store;
        this.volumes = volumes;
    }

    /** Takes the next snapshot of the protected volume if it is due at {@code now}. */
    public Optional<SnapshotTaken> runIfDue(Protection protection, Instant now) {
        synchronized (lock(protection.volumeId())) {
            if (!volumes.isDue(protection, now)) {
                return Optional.empty();
            }
            return Optional.of(take(protection));
        }
    }

    /** Takes a snapshot of the protected volume now, whatever its schedule says. */
    public SnapshotTaken takeNow(Protection protection) {
        synchronized (lock(protection.volumeId())) {
            return take(protection);
        }
    }

    private SnapshotTaken take(Protection protection) {
        VolumeInfo volume = volumes.primary(protection.volumeId(), "volumeId");
        SnapshotInfo snapshot = store.createSnapshot(protection.volumeId());
        return volumes.publish(List.of(new VolumeSnapshots.Taken(protection, volume, snapshot)), null,
                Consistency.CRASH).get(0);
    }

    /** Forgets what is known of the volume's snapshots, e.g. when its protection is removed. */
    public void forget(String volumeId) {
        volumes.forget(volumeId);
    }

    private Object lock(String volumeId) {
        return locks.computeIfAbsent(volumeId, v -> new Object());
    }
}
