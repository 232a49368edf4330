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
        List<Snapshot> snapshots) {

    public VolumeMetadata {
        snapshots = List.copyOf(snapshots);
    }

    public static VolumeMetadata create(String id, Geometry geometry, VolumeRole role) {
        return new VolumeMetadata(id, geometry.sizeBytes(), geometry.blockSize(), role, false, null, 0, null,
                List.of());
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
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason,
                Math.max(lastSnapshot, snapshot.number()), consistentSnapshot, retained);
    }

    public VolumeMetadata withoutSnapshot(long number) {
        List<Snapshot> retained = snapshots.stream().filter(s -> s.number() != number).toList();
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot,
                consistentSnapshot, retained);
    }

    public VolumeMetadata withConsistentSnapshot(long number) {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, frozen, frozenReason, lastSnapshot, number,
                snapshots);
    }

    public VolumeMetadata frozen(String reason) {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, true, reason, lastSnapshot, consistentSnapshot,
                snapshots);
    }

    public VolumeMetadata thawed() {
        return new VolumeMetadata(id, sizeBytes, blockSize, role, false, null, lastSnapshot, consistentSnapshot,
                snapshots);
    }

    /** A retained snapshot and when it was sealed. */
    public record Snapshot(long number, Instant createdAt) {
    }
}
