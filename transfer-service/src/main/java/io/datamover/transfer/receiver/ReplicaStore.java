package io.datamover.transfer.receiver;

import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.TransferException;
import java.util.List;
import java.util.Optional;

/**
 * Where this site keeps the replicas it receives: the block store's replica volumes, or csi replica claims written
 * through a mover pod. Every method throws {@link TransferException} naming what failed (the volume, the snapshot,
 * the site, the object) with a reason that tells the source whether to try again.
 */
public interface ReplicaStore {

    /**
     * The replica of the volume at this site, empty when there is none: its size and block size, its role, whether
     * it is frozen, and its consistent snapshot (null before the first seal).
     */
    Optional<VolumeInfo> find(String volumeId);

    /** Creates the replica of the manifest's volume, of its size and block size, holding no snapshot. */
    void create(Manifest manifest);

    /**
     * Freezes the replica for the delta.
     *
     * @return false when it was frozen already
     */
    boolean freeze(Manifest manifest, String reason);

    /**
     * Prepares the frozen replica for the delta: undoes what the parts of an abandoned delta wrote (for a full copy:
     * every block reads as zeros). The consistent snapshot reads as before.
     */
    void begin(Manifest manifest);

    /**
     * Writes chunk {@code chunk} of the delta, in {@code DeltaFormat}, durably; the chunks of a delta are written in
     * parallel.
     */
    void writePart(Manifest manifest, int chunk, byte[] part);

    /** Reads back what the parts wrote against the checksums kept of it, before the seal. */
    Verification verifyWritten(Manifest manifest);

    /**
     * Makes the manifest's snapshot the replica's consistent snapshot and thaws it; a no-op once it is. Only then may
     * the snapshot be announced as applied.
     */
    void seal(Manifest manifest);

    /**
     * The snapshots the replica holds, ascending: each sealed one not deleted since (csi: its VolumeSnapshots, ready
     * or not, except those being deleted).
     */
    List<Long> snapshots(String volumeId);

    /**
     * Deletes snapshot {@code snapshot} of the replica; a no-op when it is gone. The caller never names the consistent
     * snapshot: neither store refuses it.
     */
    void deleteSnapshot(String volumeId, long snapshot);

    /**
     * Frees what the store holds for a delta that has had no request for a while (csi: the mover pod of a delta
     * whose source gave up); called periodically. The block store holds nothing per delta.
     */
    default void releaseIdle() {
    }
}
