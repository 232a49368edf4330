package io.datamover.blockstore.domain;

import io.datamover.blockstore.api.VolumeRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What a volume is, kept in its {@code volume.json}.
 *
 * @param lastSnapshot the highest snapshot number ever sealed (0 before the first): numbers are never reused, except
 *     that a rejoin at snapshot N lowers it to N, the numbers of the discarded history going to the new primary's
 * @param consistentSnapshot for a replica, the last snapshot applied, else null
 * @param snapshots the retained snapshots, ascending
 * @param openEpochDistrusted whether the open epoch's changed block tracking may be incomplete (an unclean stop)
 * @param distrustedEpochs the retained snapshots whose epoch's changed block tracking may be incomplete, ascending
 * @param origin for a clone, the snapshot whose blocks it reads until it writes its own; null otherwise
 */
public record VolumeMetadata(
        String id,
        long sizeBytes,
        int blockSize,
        VolumeRole role,
        boolean frozen,
        String frozenReason,
        long lastSnapshot,
        Long consistentSnapshot,
        List<Snapshot> snapshots,
        Boolean openEpochDistrusted,
        List<Long> distrustedEpochs,
        Origin origin) {

    /** The last three components are absent from the files of volumes created before they existed. */
    public VolumeMetadata {
        openEpochDistrusted = Boolean.TRUE.equals(openEpochDistrusted);
        snapshots = List.copyOf(snapshots);
        distrustedEpochs = distrustedEpochs == null ? List.of() : List.copyOf(distrustedEpochs);
    }

    public static VolumeMetadata create(String id, Geometry geometry, VolumeRole role) {
        return new VolumeMetadata(id, geometry.sizeBytes(), geometry.blockSize(), role, false, null, 0, null,
                List.of(), false, List.of(), null);
    }

    /** A writable primary clone of snapshot {@code origin}, which has the source's geometry. */
    public static VolumeMetadata clone(String id, Geometry geometry, Origin origin) {
        return new VolumeMetadata(id, geometry.sizeBytes(), geometry.blockSize(), VolumeRole.PRIMARY, false, null, 0,
                null, List.of(), false, List.of(), origin);
    }

    public Geometry geometry() {
        return new Geometry(sizeBytes, blockSize);
    }

    public Long latestSnapshot() {
        return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1).number();
    }

    public boolean isRetained(long number) {
        return snapshots.stream().anyMatch(s -> s.number() == number);
    }

    /** The retained snapshot {@code number}; it must be retained. */
    public Snapshot snapshot(long number) {
        return snapshots.stream().filter(s -> s.number() == number).findFirst().orElseThrow();
    }

    /** Snapshot {@code number}, retained, with {@code change} applied to it. */
    public VolumeMetadata withSnapshotChanged(long number, UnaryOperator<Snapshot> change) {
        List<Snapshot> retained = snapshots.stream().map(s -> s.number() == number ? change.apply(s) : s).toList();
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                consistentSnapshot, retained, openEpochDistrusted, distrustedEpochs, origin);
    }

    public VolumeMetadata withSnapshot(Snapshot snapshot) {
        List<Snapshot> retained = new ArrayList<>(snapshots);
        retained.add(snapshot);
        List<Long> distrusted = new ArrayList<>(distrustedEpochs);
        if (openEpochDistrusted) {
            distrusted.add(snapshot.number());
        }
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason,
                Math.max(lastSnapshot, snapshot.number()), consistentSnapshot, retained, false, distrusted, origin);
    }

    public VolumeMetadata withoutSnapshot(long number) {
        List<Snapshot> retained = snapshots.stream().filter(s -> s.number() != number).toList();
        if (!distrustedEpochs.contains(number)) {
            return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                    consistentSnapshot, retained, openEpochDistrusted, distrustedEpochs, origin);
        }
        // The deleted epoch merges into the next one, which inherits the distrust.
        List<Long> distrusted = new ArrayList<>(distrustedEpochs);
        distrusted.remove(number);
        Long next = retained.stream().map(Snapshot::number).filter(n -> n > number).findFirst().orElse(null);
        if (next != null && !distrusted.contains(next)) {
            distrusted.add(next);
            distrusted.sort(null);
        }
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                consistentSnapshot, retained, openEpochDistrusted || next == null, distrusted, origin);
    }

    public VolumeMetadata withConsistentSnapshot(long number) {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot, number,
                snapshots, openEpochDistrusted, distrustedEpochs, origin);
    }

    public VolumeMetadata frozen(String reason) {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, true, reason, lastSnapshot, consistentSnapshot,
                snapshots, openEpochDistrusted, distrustedEpochs, origin);
    }

    public VolumeMetadata thawed() {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, false, null, lastSnapshot, consistentSnapshot,
                snapshots, openEpochDistrusted, distrustedEpochs, origin);
    }

    /** A writable primary whose snapshots are its own: consistent at none, as a primary is. */
    public VolumeMetadata promoted() {
        return new VolumeMetadata(id, sizeBytes, blockSize, VolumeRole.PRIMARY, false, null, lastSnapshot, null,
                snapshots, openEpochDistrusted, distrustedEpochs, origin);
    }

    /** A replica consistent at snapshot {@code consistent}, thawed: its role keeps workload writes out. */
    public VolumeMetadata demoted(long consistent) {
        return new VolumeMetadata(id, sizeBytes, blockSize, VolumeRole.REPLICA, false, null, lastSnapshot, consistent,
                snapshots, openEpochDistrusted, distrustedEpochs, origin);
    }

    /**
     * A replica consistent at snapshot {@code consistent}, its latest, thawed, whose live content is that snapshot's
     * (so the open epoch is trusted again): the snapshot numbers after it are the new primary's to seal.
     */
    public VolumeMetadata rejoined(long consistent) {
        return new VolumeMetadata(id, sizeBytes, blockSize, VolumeRole.REPLICA, false, null, consistent, consistent,
                snapshots, false, distrustedEpochs, origin);
    }

    /** After an unclean stop: the blocks written in the open epoch may not all be known. */
    public VolumeMetadata withOpenEpochDistrusted() {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                consistentSnapshot, snapshots, true, distrustedEpochs, origin);
    }

    /** Whether an epoch after {@code base} up to {@code target} has changed block tracking that may be incomplete. */
    public boolean distrustsAnyEpoch(long base, long target) {
        return distrustedEpochs.stream().anyMatch(epoch -> epoch > base && epoch <= target);
    }

    /**
     * A retained snapshot and when it was sealed.
     *
     * @param holds who keeps it from being deleted (e.g. a transfer reading it), sorted; absent in older files
     */
    public record Snapshot(long number, Instant createdAt, List<String> holds) {

        public Snapshot {
            holds = holds == null ? List.of() : List.copyOf(holds);
        }

        public Snapshot(long number, Instant createdAt) {
            this(number, createdAt, List.of());
        }

        public Snapshot held(String holder) {
            TreeSet<String> held = new TreeSet<>(holds);
            held.add(holder);
            return new Snapshot(number, createdAt, List.copyOf(held));
        }

        public Snapshot released(String holder) {
            return new Snapshot(number, createdAt, holds.stream().filter(h -> !h.equals(holder)).toList());
        }
    }

    /** The snapshot a clone was created from: snapshot {@code snapshot} of volume {@code volumeId}. */
    public record Origin(String volumeId, long snapshot) {
    }
}
