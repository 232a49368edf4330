package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.BaseSelection;
import io.datamover.snapshot.domain.LastSnapshot;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.ReplicationProgress;
import io.datamover.snapshot.domain.Retention;
import io.datamover.snapshot.domain.Schedule;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * One snapshot of a protected volume: take it in the store, choose the base of its delta, publish
 * {@code snapshot-taken}, then apply retention. Snapshots of one volume are taken one at a time.
 */
@Singleton
public class SnapshotCycle {

    private static final Logger LOG = Logger.getLogger(SnapshotCycle.class);

    private final String site;
    private final BlockStoreClient store;
    private final EventPublisher publisher;
    private final ReplicationProgress progress;
    private final Schedule schedule;
    private final ConcurrentMap<String, LastSnapshot> lastTaken = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public SnapshotCycle(SnapshotConfig config, BlockStoreClient store, EventPublisher publisher,
            ReplicationProgress progress) {
        this.site = config.site();
        this.store = store;
        this.publisher = publisher;
        this.progress = progress;
        this.schedule = new Schedule(config.snapshot().stallTimeout());
    }

    /** Takes the next snapshot of the protected volume if it is due at {@code now}. */
    public Optional<SnapshotTaken> runIfDue(Protection protection, Instant now) {
        synchronized (lock(protection.volumeId())) {
            LastSnapshot last = lastSnapshot(protection.volumeId());
            if (!schedule.isDue(protection, last, progress.applied(protection.volumeId()), now)) {
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
        String volumeId = protection.volumeId();
        VolumeInfo volume = primaryVolume(volumeId);
        SnapshotInfo snapshot = store.createSnapshot(volumeId);
        Map<String, Long> applied = progress.applied(volumeId);
        List<Long> retained = store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
        Long base = BaseSelection.base(protection.targetSites(), applied, retained, snapshot.snapshot());
        SnapshotTaken event = SnapshotTaken.of(site, volumeId, snapshot.snapshot(), base, volume.sizeBytes(),
                volume.blockSize(), protection.targetSites());
        publish(event);
        lastTaken.put(volumeId, new LastSnapshot(snapshot.snapshot(), snapshot.createdAt()));
        LOG.infof("took snapshot %d of volume %s at site %s for %s, base %s", snapshot.snapshot(), volumeId, site,
                protection.targetSites(), base == null ? "none (full copy)" : base);
        expire(protection, retained, base);
        return event;
    }

    private VolumeInfo primaryVolume(String volumeId) {
        VolumeInfo volume = store.findVolume(volumeId).orElseThrow(() -> new ProtectionException(Reason.NOT_FOUND,
                "volumeId", "volume '" + volumeId + "' does not exist in the block store of site " + site));
        if (volume.role() == VolumeRole.REPLICA) {
            lastTaken.remove(volumeId);
            throw new ProtectionException(Reason.NOT_PRIMARY, "volumeId", "volume '" + volumeId
                    + "' is a replica at site " + site + ": snapshots are taken at its primary");
        }
        return volume;
    }

    /** An unpublished snapshot would hold back the schedule until the stall timeout: drop it instead. */
    private void publish(SnapshotTaken event) {
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            try {
                store.deleteSnapshot(event.volumeId(), event.snapshot());
            } catch (BlockStoreException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
    }

    private void expire(Protection protection, List<Long> retained, Long base) {
        for (long snapshot : Retention.expired(retained, protection.retain(), base)) {
            try {
                store.deleteSnapshot(protection.volumeId(), snapshot);
                LOG.infof("deleted snapshot %d of volume %s at site %s (retain %d)", snapshot,
                        protection.volumeId(), site, protection.retain());
            } catch (BlockStoreException e) {
                LOG.warnf("cannot delete snapshot %d of volume %s at site %s, retrying after the next snapshot: %s",
                        snapshot, protection.volumeId(), site, e.getMessage());
                return;
            }
        }
    }

    private LastSnapshot lastSnapshot(String volumeId) {
        LastSnapshot cached = lastTaken.get(volumeId);
        if (cached != null) {
            return cached;
        }
        List<SnapshotInfo> snapshots = store.snapshots(volumeId);
        if (snapshots.isEmpty()) {
            return null;
        }
        SnapshotInfo newest = snapshots.get(snapshots.size() - 1);
        LastSnapshot last = new LastSnapshot(newest.snapshot(), newest.createdAt());
        lastTaken.put(volumeId, last);
        return last;
    }

    /** Forgets what is known of the volume's snapshots, e.g. when its protection is removed. */
    public void forget(String volumeId) {
        lastTaken.remove(volumeId);
    }

    private Object lock(String volumeId) {
        return locks.computeIfAbsent(volumeId, v -> new Object());
    }
}
