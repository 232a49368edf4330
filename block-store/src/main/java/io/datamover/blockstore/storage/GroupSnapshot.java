package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Snapshots of several volumes at one point in time. Every volume's lock is held exclusively while the snapshots are
 * sealed, so no write to any of them lands between the first seal and the last: writes wait, they are not refused.
 * The locks are taken clones before their origins (a clone's reads and writes lock its origin after itself), then by
 * id, so two group snapshots never wait for each other crosswise. Either every volume keeps its new snapshot or none.
 * With a freeze reason, each volume is frozen by the same write of its metadata that seals its snapshot, so no write
 * lands after the snapshots either (a switchover's final snapshot).
 */
public final class GroupSnapshot {

    /** The request field that names the volumes. */
    public static final String FIELD = "volumeIds";
    /** The request field that asks for the volumes to be frozen too, and why. */
    public static final String REASON_FIELD = "freezeReason";

    private static final Logger LOG = Logger.getLogger(GroupSnapshot.class);
    private static final Comparator<Volume> LOCK_ORDER = Comparator.comparingInt(Volume::cloneDepth).reversed()
            .thenComparing(Volume::id);

    /** A volume of the group and the snapshot it got. */
    public record Taken(Volume volume, VolumeMetadata.Snapshot snapshot) {
    }

    private GroupSnapshot() {
    }

    /**
     * Checks every volume, then snapshots them all, freezing each too when {@code freezeReason} is given; an I/O
     * failure midway deletes the snapshots already taken again and puts back how each volume was frozen or thawed.
     *
     * @param freezeReason why the volumes are frozen with their snapshots; null to leave them writable
     * @param volumes the volume of an id, null for an unknown one
     * @return the snapshots in the order of {@code volumeIds}
     * @throws StoreException naming {@value #FIELD}, with no snapshot taken, for an empty list, an id named twice, an
     *     unknown volume, a replica or, without a freeze reason, a frozen volume; naming {@value #REASON_FIELD} for
     *     a blank reason
     */
    static List<Taken> take(List<String> volumeIds, String freezeReason, Function<String, Volume> volumes)
            throws IOException {
        if (freezeReason != null && freezeReason.isBlank()) {
            throw StoreException.invalid(REASON_FIELD, "freezeReason must not be blank: say why the volumes are"
                    + " frozen, or leave it out to keep them writable");
        }
        List<Volume> group = resolve(volumeIds, volumes);
        List<Lock> held = new ArrayList<>();
        try {
            for (Volume volume : group.stream().sorted(LOCK_ORDER).toList()) {
                Lock lock = volume.exclusiveLock();
                lock.lock();
                held.add(lock);
            }
            group.forEach(volume -> requireSnapshottable(volume, freezeReason != null));
            return sealAll(group, freezeReason);
        } finally {
            held.forEach(Lock::unlock);
        }
    }

    private static List<Volume> resolve(List<String> volumeIds, Function<String, Volume> volumes) {
        if (volumeIds == null || volumeIds.isEmpty()) {
            throw StoreException.invalid(FIELD, "volumeIds must name at least one volume");
        }
        Set<String> named = new HashSet<>();
        List<Volume> group = new ArrayList<>();
        for (String id : volumeIds) {
            if (!Fields.isValidId(id)) {
                throw StoreException.invalid(FIELD, "volumeIds holds '" + id + "', which is not a valid volume id"
                        + " (lower-case letters, digits and '-', 1 to 63 characters)");
            }
            if (!named.add(id)) {
                throw StoreException.invalid(FIELD, "volumeIds names volume " + id + " twice");
            }
            Volume volume = volumes.apply(id);
            if (volume == null) {
                throw new StoreException(Reason.VOLUME_NOT_FOUND, "volume " + id + " of volumeIds does not exist",
                        FIELD);
            }
            group.add(volume);
        }
        return group;
    }

    /**
     * Called with the volume's lock held, so that it cannot be frozen or turned into a replica meanwhile. A frozen
     * volume is refused unless the call freezes: a repeated switchover snapshots it again.
     */
    private static void requireSnapshottable(Volume volume, boolean freezing) {
        VolumeMetadata metadata = volume.metadata();
        if (metadata.role() == VolumeRole.REPLICA) {
            throw new StoreException(Reason.REPLICA_NOT_WRITABLE, "volume " + volume.id() + " of volumeIds is a"
                    + " replica: its snapshots are sealed by applying its primary's deltas", FIELD);
        }
        if (metadata.frozen() && !freezing) {
            throw new StoreException(Reason.FROZEN, "volume " + volume.id() + " of volumeIds is frozen ("
                    + metadata.frozenReason() + "): no group snapshot is taken until it is thawed, unless the"
                    + " request freezes the volumes too", FIELD);
        }
    }

    private static List<Taken> sealAll(List<Volume> group, String freezeReason) throws IOException {
        List<VolumeMetadata> before = group.stream().map(Volume::metadata).toList();
        List<Taken> taken = new ArrayList<>();
        try {
            for (Volume volume : group) {
                taken.add(new Taken(volume,
                        freezeReason == null ? volume.snapshot() : volume.freezeAndSnapshot(freezeReason)));
            }
        } catch (IOException | RuntimeException e) {
            undo(group, before, taken, e);
            throw e;
        }
        LOG.infof("volumes %s: sealed one group snapshot (%s)%s", ids(group), taken.stream()
                .map(t -> t.volume().id() + " " + t.snapshot().number()).collect(Collectors.joining(", ")),
                freezeReason == null ? "" : ", frozen (" + freezeReason + ")");
        return taken;
    }

    private static void undo(List<Volume> group, List<VolumeMetadata> before, List<Taken> taken, Exception cause) {
        for (Taken t : taken) {
            try {
                t.volume().deleteSnapshot(t.snapshot().number());
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
                LOG.errorf(e, "volume %s: cannot delete snapshot %d of a failed group snapshot of volumes %s",
                        t.volume().id(), t.snapshot().number(), ids(group));
            }
        }
        for (int i = 0; i < group.size(); i++) {
            restoreFreeze(group.get(i), before.get(i), cause);
        }
        LOG.warnf("group snapshot of volumes %s failed at volume %s (%s); the %d snapshots it had taken are deleted",
                ids(group), group.get(taken.size()).id(), cause, taken.size());
    }

    /** Thaws a volume the failed call froze, or gives one that was frozen before its reason back. */
    private static void restoreFreeze(Volume volume, VolumeMetadata before, Exception cause) {
        VolumeMetadata now = volume.metadata();
        if (now.frozen() == before.frozen() && Objects.equals(now.frozenReason(), before.frozenReason())) {
            return;
        }
        try {
            if (before.frozen()) {
                volume.freeze(before.frozenReason());
            } else {
                volume.thaw();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            LOG.errorf(e, "volume %s: cannot put back its freeze (%s) after a failed group snapshot", volume.id(),
                    before.frozen() ? "frozen: " + before.frozenReason() : "thawed");
        }
    }

    private static String ids(List<Volume> group) {
        return group.stream().map(Volume::id).collect(Collectors.joining(", "));
    }
}
