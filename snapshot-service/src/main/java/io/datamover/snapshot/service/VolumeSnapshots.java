package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Consistency;
import io.datamover.events.CsiSnapshot;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Versions;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.BaseSelection;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.LastSnapshot;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.ReplicationProgress;
import io.datamover.snapshot.domain.Retention;
import io.datamover.snapshot.domain.Schedule;
import io.datamover.snapshot.domain.Standing;
import io.datamover.snapshot.domain.VolumeReplication;
import io.datamover.snapshot.domain.VolumeStatus;
import io.datamover.snapshot.storage.SnapshotStorage;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * What the cycles of single volumes and of groups do alike for each volume: know its newest
 * snapshot, tell whether it is due, choose the base of a new snapshot's delta, publish
 * {@code snapshot-taken}, and apply retention.
 */
@Singleton
public class VolumeSnapshots {

    private static final Logger LOG = Logger.getLogger(VolumeSnapshots.class);

    private final String site;
    private final SnapshotStorage store;
    private final EventPublisher publisher;
    private final ReplicationProgress progress;
    private final Schedule schedule;
    private final ConcurrentMap<String, LastSnapshot> lastTaken = new ConcurrentHashMap<>();

    /** A snapshot just taken in the store, of a volume protected as {@code protection} says. */
    public record Taken(Protection protection, VolumeInfo volume, SnapshotInfo snapshot) {
    }

    private record Pending(Taken taken, SnapshotTaken event, List<Long> retained) {
    }

    public VolumeSnapshots(SnapshotConfig config, SnapshotStorage store, EventPublisher publisher,
            ReplicationProgress progress) {
        this.site = config.site();
        this.store = store;
        this.publisher = publisher;
        this.progress = progress;
        this.schedule = new Schedule(config.snapshot().stallTimeout());
    }

    /**
     * The volume, which must be a primary here.
     *
     * @param field the request field that names the volume, for the error
     */
    public VolumeInfo primary(String volumeId, String field) {
        VolumeInfo volume = store.findVolume(volumeId).orElseThrow(() -> new ProtectionException(Reason.NOT_FOUND,
                field, "volume '" + volumeId + "' does not exist in " + store.where()));
        if (volume.role() == VolumeRole.REPLICA) {
            lastTaken.remove(volumeId);
            throw new ProtectionException(Reason.NOT_PRIMARY, field, "volume '" + volumeId
                    + "' is a replica at site " + site + ": snapshots are taken at its primary");
        }
        return volume;
    }

    /** How the volume stands in the store; one that is no writable primary here forgets its snapshots. */
    public VolumeStatus status(String volumeId) {
        VolumeStatus status = store.findVolume(volumeId).map(VolumeSnapshots::status).orElse(VolumeStatus.MISSING);
        if (!status.isSchedulable()) {
            lastTaken.remove(volumeId);
        }
        return status;
    }

    /**
     * Whether the schedule may snapshot the volumes now: each is a writable primary here. Frozen volumes, replicas
     * and volumes not here yet are passed over quietly, tick after tick, while a switchover runs or a definition
     * waits for one.
     *
     * @param subject what the volumes are protected as, for the log, e.g. {@code group shop}
     */
    public boolean areSchedulable(List<String> volumeIds, String subject) {
        for (String volumeId : volumeIds) {
            VolumeStatus status = status(volumeId);
            if (!status.isSchedulable()) {
                LOG.debugf("no snapshot of %s at site %s: volume %s is %s here", subject, site, volumeId,
                        status.name().toLowerCase(Locale.ROOT));
                return false;
            }
        }
        return true;
    }

    /** Whether every volume is a primary here, {@link Standing#UNKNOWN} when the store does not answer. */
    public Standing standing(List<String> volumeIds) {
        try {
            return Standing.of(volumeIds.stream().map(this::status).toList());
        } catch (BlockStoreException e) {
            return Standing.UNKNOWN;
        } catch (ProtectionException e) {
            if (e.reason() == Reason.STORE_UNAVAILABLE) {
                return Standing.UNKNOWN;
            }
            throw e;
        }
    }

    /**
     * The replication of each volume from what this service already knows, without asking the store: its newest
     * snapshot as the schedule last saw it, and the snapshots applied at the targets.
     */
    public List<VolumeReplication> replication(List<String> volumeIds) {
        return volumeIds.stream().map(volumeId -> {
            LastSnapshot last = lastTaken.get(volumeId);
            return new VolumeReplication(volumeId, last == null ? null : last.snapshot(),
                    last == null ? null : last.takenAt(), progress.applied(volumeId));
        }).toList();
    }

    private static VolumeStatus status(VolumeInfo volume) {
        if (volume.role() == VolumeRole.REPLICA) {
            return VolumeStatus.REPLICA;
        }
        return volume.frozen() ? VolumeStatus.FROZEN : VolumeStatus.PRIMARY;
    }

    /** Whether the volume, protected alone, is due at {@code now}. */
    public boolean isDue(Protection protection, Instant now) {
        String volumeId = protection.volumeId();
        return schedule.isDue(protection, last(volumeId), progress.applied(volumeId), now);
    }

    /** Whether the group is due at {@code now}; see {@link Schedule#isDue(Group, Map, Map, Instant, Instant)}. */
    public boolean isDue(Group group, Instant failedAttemptAt, Instant now) {
        Map<String, LastSnapshot> last = new HashMap<>();
        Map<String, Map<String, Long>> applied = new HashMap<>();
        for (String volumeId : group.volumeIds()) {
            LastSnapshot newest = last(volumeId);
            if (newest != null) {
                last.put(volumeId, newest);
            }
            applied.put(volumeId, progress.applied(volumeId));
        }
        return schedule.isDue(group, last, applied, failedAttemptAt, now);
    }

    private LastSnapshot last(String volumeId) {
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

    /**
     * Publishes a {@code snapshot-taken} for each snapshot, then applies each volume's retention. If
     * one cannot be published, every one of them is deleted again and the failure thrown: an
     * unpublished snapshot would hold back the schedule until the stall timeout, and a group
     * snapshot is never left partly published.
     *
     * @param groupId the group the snapshots were taken together for, null for a single volume
     * @param groupPriority the group's priority, announced to placement; null for a single volume
     * @param decisionId the placement decision the snapshots were taken for, null for the schedule's
     * @return the events, in the order of {@code taken}
     */
    public List<SnapshotTaken> publish(List<Taken> taken, String groupId, Integer groupPriority,
            Consistency consistency, String decisionId) {
        List<Pending> published = new ArrayList<>();
        try {
            for (Taken snapshot : taken) {
                Pending pending = pending(snapshot, groupId, groupPriority, consistency, decisionId);
                publisher.publish(pending.event());
                published.add(pending);
            }
        } catch (RuntimeException e) {
            taken.forEach(snapshot -> drop(snapshot, e));
            throw e;
        }
        published.forEach(this::settle);
        return published.stream().map(Pending::event).toList();
    }

    /** Forgets what is known of the volume's snapshots, e.g. when its protection is removed. */
    public void forget(String volumeId) {
        lastTaken.remove(volumeId);
    }

    private Pending pending(Taken taken, String groupId, Integer groupPriority, Consistency consistency,
            String decisionId) {
        String volumeId = taken.volume().id();
        long snapshot = taken.snapshot().snapshot();
        List<Long> retained = store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
        List<String> targets = taken.protection().targetSites();
        Long base = BaseSelection.base(targets, progress.applied(volumeId), retained, snapshot);
        SnapshotTaken event = new SnapshotTaken(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site,
                volumeId, snapshot, base, groupId, consistency, taken.volume().sizeBytes(),
                taken.volume().blockSize(), targets, decisionId).withGroupPriority(groupPriority);
        CsiSnapshot csi = store.csiSnapshot(volumeId, snapshot).orElse(null);
        if (csi != null) {
            event = event.withCsi(csi, base == null ? null : store.csiSnapshot(volumeId, base).orElse(null));
        }
        return new Pending(taken, event, retained);
    }

    private void drop(Taken taken, RuntimeException cause) {
        try {
            store.deleteSnapshot(taken.volume().id(), taken.snapshot().snapshot());
        } catch (RuntimeException deleteFailure) {
            cause.addSuppressed(deleteFailure);
        }
    }

    private void settle(Pending pending) {
        SnapshotTaken event = pending.event();
        lastTaken.put(event.volumeId(), new LastSnapshot(event.snapshot(), pending.taken().snapshot().createdAt()));
        LOG.infof("took snapshot %d of volume %s at site %s%s for %s, base %s%s%s", event.snapshot(),
                event.volumeId(), site, event.groupId() == null ? "" : " in group " + event.groupId() + " ("
                        + event.consistency().code() + ")", event.targetSites(), event.baseSnapshot() == null
                        ? "none (full copy)" : event.baseSnapshot(), event.decisionId() == null ? ""
                        : ", for decision " + event.decisionId(), event.csi() == null ? "" : ": " + event.csi());
        expire(pending.taken().protection(), pending.retained(), event.baseSnapshot());
    }

    private void expire(Protection protection, List<Long> retained, Long base) {
        for (long snapshot : Retention.expired(retained, protection.retain(), base)) {
            try {
                store.deleteSnapshot(protection.volumeId(), snapshot);
                LOG.infof("deleted snapshot %d of volume %s at site %s (retain %d)", snapshot,
                        protection.volumeId(), site, protection.retain());
            } catch (BlockStoreException | ProtectionException e) {
                LOG.warnf("cannot delete snapshot %d of volume %s at site %s, retrying after the next snapshot: %s",
                        snapshot, protection.volumeId(), site, e.getMessage());
                return;
            }
        }
    }
}
