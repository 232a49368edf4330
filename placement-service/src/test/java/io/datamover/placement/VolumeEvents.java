package io.datamover.placement;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.ChunkShipped;
import io.datamover.events.Consistency;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Versions;
import io.datamover.events.VolumeFrozen;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Events of one volume at chosen times, as the services emit them. */
public record VolumeEvents(String volumeId) {

    public static final long VOLUME_BYTES = 64L << 20;
    public static final int BLOCK_SIZE = 65536;
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    public SnapshotTaken snapshotTaken(String site, long snapshot, Instant at, String... targets) {
        return new SnapshotTaken(Versions.CURRENT, id(), at, site, volumeId, snapshot, snapshot > 1 ? snapshot - 1 : null,
                null, Consistency.CRASH, VOLUME_BYTES, BLOCK_SIZE, List.of(targets));
    }

    /** A snapshot of this volume taken with the other volumes of {@code groupId}. */
    public SnapshotTaken groupSnapshotTaken(String groupId, String site, long snapshot, Instant at, String... targets) {
        return new SnapshotTaken(Versions.CURRENT, id(), at, site, volumeId, snapshot, snapshot > 1 ? snapshot - 1 : null,
                groupId, Consistency.APPLICATION, VOLUME_BYTES, BLOCK_SIZE, List.of(targets));
    }

    /** The final snapshot of this volume, taken at {@code site} for placement decision {@code decisionId}. */
    public SnapshotTaken finalSnapshotTaken(String decisionId, String groupId, String site, long snapshot, Instant at,
            String... targets) {
        return new SnapshotTaken(Versions.CURRENT, id(), at, site, volumeId, snapshot, snapshot - 1, groupId,
                Consistency.APPLICATION, VOLUME_BYTES, BLOCK_SIZE, List.of(targets), decisionId);
    }

    /** This volume thawed at {@code site} for placement decision {@code decisionId}. */
    public VolumeFrozen thawedFor(String decisionId, String site, Instant at) {
        return new VolumeFrozen(Versions.CURRENT, id(), at, site, volumeId, false, "decision " + decisionId, null,
                decisionId);
    }

    public BlocksChanged blocksChanged(String site, long snapshot, long changedBytes, Instant takenAt, String... targets) {
        return page(site, snapshot, 0, changedBytes, takenAt, targets);
    }

    public BlocksChanged page(String site, long snapshot, int page, long changedBytes, Instant takenAt,
            String... targets) {
        boolean full = snapshot == 1;
        return new BlocksChanged(Versions.CURRENT, id(), takenAt.plusSeconds(1), site, volumeId, snapshot,
                full ? null : snapshot - 1, full ? ChangeMethod.FULL : ChangeMethod.CBT, page, 2, changedBytes,
                VOLUME_BYTES, BLOCK_SIZE, List.of(new Extent(0, BLOCK_SIZE)), List.of(targets), takenAt);
    }

    public ReplicaApplied replicaApplied(String site, String sourceSite, long snapshot, Instant takenAt, Instant at) {
        return new ReplicaApplied(Versions.CURRENT, id(), at, site, sourceSite, volumeId, snapshot,
                snapshot > 1 ? snapshot - 1 : null, BLOCK_SIZE, BLOCK_SIZE, takenAt);
    }

    /** Chunk {@code chunk} of 16 of the delta to {@code snapshot}, shipped from stockholm to {@code target}. */
    public ChunkShipped chunkShipped(String target, long snapshot, int chunk, long bytesDone, long bytesTotal,
            Instant at) {
        return new ChunkShipped(Versions.CURRENT, id(), at, "stockholm", target, volumeId, snapshot, chunk, 16,
                BLOCK_SIZE, "crc32c:0badcafe", bytesDone, bytesTotal);
    }

    public VolumeFrozen volumeFrozen(String site, boolean frozen, Instant at) {
        return new VolumeFrozen(Versions.CURRENT, id(), at, site, volumeId, frozen, frozen ? "applying" : "applied", null);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
