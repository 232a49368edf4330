package io.datamover.placement.domain;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChunkShipped;
import io.datamover.events.Event;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.ReplicaHealth;
import io.datamover.events.ReplicaState;
import io.datamover.events.ReplicaStatus;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.VolumeFrozen;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Folds the events of one volume into its {@link VolumeAggregate}, and derives the published
 * {@link ReplicaState} from it. Pure: no I/O, no clock.
 *
 * <p>Events may come twice or out of order (they travel on different topics); none of them moves
 * the primary's latest snapshot or a replica's consistent snapshot backwards, and a freeze or thaw
 * older than the last one seen is ignored. The one exception is a failover: a snapshot another site
 * took after the primary's latest makes that site the primary at its snapshot number, even when the
 * lost primary had numbered further (its later snapshots are a history the resync discards).
 *
 * <p>Lag of a replica: {@code lagBytes} sums the changed bytes of the snapshots after its
 * consistent one (of every snapshot while it is initializing); {@code lagSeconds} runs from when
 * the primary took the replica's consistent snapshot (while initializing: the first snapshot meant
 * for it) to when it took its latest one.
 *
 * <p>Transfer under way: the {@link ChunkShipped} events of a snapshot the replica does not hold
 * yet give its progress, rate and time to go (see {@link InFlightTransfer}); a chunk of a newer
 * snapshot replaces it, the replica's apply of that snapshot (or a later one) ends it. Chunks only
 * annotate a replica placement already knows: one for an unknown volume or site, for a snapshot the
 * replica holds or older than the transfer under way, or reporting more bytes done than its total,
 * changes nothing; nor does one reported within a second after the last one folded
 * ({@link InFlightTransfer#PROGRESS_STEP}), unless it completes the transfer.
 */
public final class ReplicaStateFold {

    private ReplicaStateFold() {
    }

    /** The aggregate after the event; the same aggregate for an event that changes nothing. */
    public static VolumeAggregate apply(VolumeAggregate volume, Event event) {
        VolumeAggregate next;
        if (event instanceof SnapshotTaken taken) {
            next = snapshotTaken(volume, taken);
        } else if (event instanceof BlocksChanged changed) {
            next = blocksChanged(volume, changed);
        } else if (event instanceof ReplicaApplied applied) {
            next = replicaApplied(volume, applied);
        } else if (event instanceof VolumeFrozen frozen) {
            next = volumeFrozen(volume, frozen);
        } else if (event instanceof ChunkShipped chunk) {
            next = chunkShipped(volume, chunk);
        } else {
            return volume;
        }
        return forgetApplied(next);
    }

    private static VolumeAggregate snapshotTaken(VolumeAggregate volume, SnapshotTaken event) {
        SortedMap<Long, Long> changedBytes = volume.changedBytes();
        if (volume.latestSnapshot() != null && event.snapshot() <= volume.latestSnapshot()) {
            if (!isFailedOverPrimary(volume, event)) {
                return volume;
            }
            changedBytes = new TreeMap<>(changedBytes.headMap(event.snapshot()));
        }
        SortedMap<String, ReplicaProgress> replicas = new TreeMap<>(volume.replicas());
        replicas.remove(event.site());
        for (String target : event.targetSites()) {
            if (!target.equals(event.site())) {
                replicas.putIfAbsent(target, ReplicaProgress.initializing(target, event.timestamp()));
            }
        }
        return new VolumeAggregate(volume.volumeId(), event.site(), event.snapshot(), event.timestamp(),
                changedBytes, replicas, event.groupId(), event.groupPriority());
    }

    /**
     * A snapshot of another site than the primary, taken after the primary's latest, though its number is not higher:
     * a failover promoted a replica at an older snapshot than the lost primary had reached, and the new primary
     * numbers its snapshots from there. The lost primary's snapshots after it are a discarded history.
     */
    private static boolean isFailedOverPrimary(VolumeAggregate volume, SnapshotTaken event) {
        return !event.site().equals(volume.primarySite()) && volume.latestSnapshotAt() != null
                && event.timestamp().isAfter(volume.latestSnapshotAt());
    }

    private static VolumeAggregate blocksChanged(VolumeAggregate volume, BlocksChanged event) {
        if (event.page() != 0) {
            return volume;
        }
        SortedMap<Long, Long> changedBytes = new TreeMap<>(volume.changedBytes());
        changedBytes.put(event.snapshot(), event.changedBytes());
        return volume.withChangedBytes(changedBytes);
    }

    private static VolumeAggregate replicaApplied(VolumeAggregate volume, ReplicaApplied event) {
        if (event.site().equals(volume.primarySite())) {
            return volume;
        }
        ReplicaProgress replica = replica(volume, event.site(), event.snapshotTakenAt());
        if (replica.holds(event.snapshot())) {
            return volume;
        }
        return withReplica(volume, replica.applied(event.snapshot(), event.snapshotTakenAt(), event.timestamp()));
    }

    private static VolumeAggregate volumeFrozen(VolumeAggregate volume, VolumeFrozen event) {
        if (event.site().equals(volume.primarySite())) {
            return volume;
        }
        ReplicaProgress replica = replica(volume, event.site(), event.timestamp());
        if (!replica.isNewerFreezeOrThaw(event.timestamp())) {
            return volume;
        }
        return withReplica(volume, replica.frozen(event.frozen(), event.timestamp()));
    }

    private static VolumeAggregate chunkShipped(VolumeAggregate volume, ChunkShipped event) {
        ReplicaProgress replica = volume.replicas().get(event.targetSite());
        if (replica == null || replica.holds(event.snapshot()) || event.bytesDone() > event.bytesTotal()) {
            return volume;
        }
        InFlightTransfer known = replica.transfer();
        if (known != null && (event.snapshot() < known.snapshot()
                || event.snapshot() == known.snapshot() && known.isCloseTo(event))) {
            return volume;
        }
        InFlightTransfer next = known == null || event.snapshot() > known.snapshot()
                ? InFlightTransfer.first(event)
                : known.with(event);
        return next.equals(known) ? volume : withReplica(volume, replica.transferring(next));
    }

    private static ReplicaProgress replica(VolumeAggregate volume, String site, Instant since) {
        ReplicaProgress known = volume.replicas().get(site);
        return known != null ? known : ReplicaProgress.initializing(site, since);
    }

    private static VolumeAggregate withReplica(VolumeAggregate volume, ReplicaProgress replica) {
        SortedMap<String, ReplicaProgress> replicas = new TreeMap<>(volume.replicas());
        replicas.put(replica.site(), replica);
        return volume.withReplicas(replicas);
    }

    /** Drops the changed bytes of snapshots every replica holds: no lag counts them any more. */
    private static VolumeAggregate forgetApplied(VolumeAggregate volume) {
        OptionalLong heldByAll = heldByEveryReplica(volume);
        if (heldByAll.isEmpty() || volume.changedBytes().isEmpty()
                || volume.changedBytes().firstKey() > heldByAll.getAsLong()) {
            return volume;
        }
        return volume.withChangedBytes(new TreeMap<>(volume.changedBytes().tailMap(heldByAll.getAsLong() + 1)));
    }

    /** The lowest consistent snapshot over the replicas (the latest snapshot if there are none); empty if one is initializing. */
    private static OptionalLong heldByEveryReplica(VolumeAggregate volume) {
        if (volume.replicas().isEmpty()) {
            return volume.latestSnapshot() == null ? OptionalLong.empty() : OptionalLong.of(volume.latestSnapshot());
        }
        long lowest = Long.MAX_VALUE;
        for (ReplicaProgress replica : volume.replicas().values()) {
            if (replica.consistentSnapshot() == null) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, replica.consistentSnapshot());
        }
        return OptionalLong.of(lowest);
    }

    /** The published view of the volume. */
    public static ReplicaState view(VolumeAggregate volume) {
        Map<String, ReplicaStatus> replicas = new TreeMap<>();
        volume.replicas().forEach((site, replica) -> replicas.put(site, status(volume, replica)));
        return ReplicaState.of(volume.volumeId(), volume.primarySite(), volume.latestSnapshot(),
                volume.latestSnapshotAt(), replicas, volume.groupId(), volume.groupPriority());
    }

    private static ReplicaStatus status(VolumeAggregate volume, ReplicaProgress replica) {
        Long consistent = replica.consistentSnapshot();
        long lagBytes = volume.changedBytes().tailMap(consistent == null ? 0 : consistent + 1).values().stream()
                .mapToLong(Long::longValue).sum();
        Instant dataTakenAt = consistent == null ? replica.since() : replica.consistentSnapshotTakenAt();
        long lagSeconds = dataTakenAt == null || volume.latestSnapshotAt() == null
                ? 0
                : Math.max(0, Duration.between(dataTakenAt, volume.latestSnapshotAt()).toSeconds());
        ReplicaHealth health = replica.frozen() ? ReplicaHealth.FROZEN
                : consistent == null ? ReplicaHealth.INITIALIZING : ReplicaHealth.REPLICATING;
        return new ReplicaStatus(replica.site(), consistent, replica.consistentSnapshotTakenAt(), replica.appliedAt(),
                lagBytes, lagSeconds, health, replica.transfer() == null ? null : replica.transfer().progress());
    }
}
