package io.datamover.blockstore.domain;

import io.datamover.blockstore.api.VolumeRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a volume is, kept in its {@code volume.json}.
 *
 * @param lastSnapshot the highest snapshot number ever sealed (0 before the first): numbers are never reused
 * @param consistentSnapshot for a replica, the last snapshot applied, else null
 * @param snapshots the retained snapshots, ascending
 * @param openEpochDistrusted whether the open epoch's changed block tracking may be incomplete (an unclean stop)
 * @param distrustedEpochs the retained snapshots whose epoch's changed block tracking may be incomplete, ascending
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
        List<Long> distrustedEpochs) {

    /** The last two components are absent from the files of volumes created before they existed. */
    public VolumeMetadata {
        openEpochDistrusted = Boolean.TRUE.equals(openEpochDistrusted);
        snapshots = List.copyOf(snapshots);
        distrustedEpochs = distrustedEpochs == null ? List.of() : List.copyOf(distrustedEpochs);
    }

    public static VolumeMetadata create(String id, Geometry geometry, VolumeRole role) {
        return new VolumeMetadata(id, geometry.sizeBytes(), geometry.blockSize(), role, false, null, 0, null,
                List.of(), false, List.of());
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

    public VolumeMetadata withSnapshot(Snapshot snapshot) {
        List<Snapshot> retained = new ArrayList<>(snapshots);
        retained.add(snapshot);
        List<Long> distrusted = new ArrayList<>(distrustedEpochs);
        if (openEpochDistrusted) {
            distrusted.add(snapshot.number());
        }
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason,
                Math.max(lastSnapshot, snapshot.number()), consistentSnapshot, retained, false, distrusted);
    }

    public VolumeMetadata withoutSnapshot(long number) {
        List<Snapshot> retained = snapshots.stream().filter(s -> s.number() != number).toList();
        if (!distrustedEpochs.contains(number)) {
            return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                    consistentSnapshot, retained, openEpochDistrusted, distrustedEpochs);
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
                consistentSnapshot, retained, openEpochDistrusted || next == null, distrusted);
    }

    public VolumeMetadata withConsistentSnapshot(long number) {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot, number,
                snapshots, openEpochDistrusted, distrustedEpochs);
    }

    public VolumeMetadata frozen(String reason) {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, true, reason, lastSnapshot, consistentSnapshot,
                snapshots, openEpochDistrusted, distrustedEpochs);
    }

    public VolumeMetadata thawed() {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, false, null, lastSnapshot, consistentSnapshot,
                snapshots, openEpochDistrusted, distrustedEpochs);
    }

    /** After an unclean stop: the blocks written in the open epoch may not all be known. */
    public VolumeMetadata withOpenEpochDistrusted() {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                consistentSnapshot, snapshots, true, distrustedEpochs);
    }

    /** Whether an epoch after {@code base} up to {@code target} has changed block tracking that may be incomplete. */
    public boolean distrustsAnyEpoch(long base, long target) {
        return distrustedEpochs.stream().anyMatch(epoch -> epoch > base && epoch <= target);
    }

    /** A retained snapshot and when it was sealed. */
    public record Snapshot(long number, Instant createdAt) {
    }
}
