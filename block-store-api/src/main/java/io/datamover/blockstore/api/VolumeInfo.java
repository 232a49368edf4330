package io.datamover.blockstore.api;

/**
 * A volume of the block store.
 *
 * @param frozenReason why the volume is frozen, null when it is not
 * @param latestSnapshot the highest retained snapshot number, null before the first snapshot
 * @param consistentSnapshot for a replica, the last snapshot applied; null for a primary or before the first apply
 * @param origin for a clone, the snapshot it was cloned from; null otherwise
 */
public record VolumeInfo(
        String id,
        long sizeBytes,
        int blockSize,
        VolumeRole role,
        boolean frozen,
        String frozenReason,
        Long latestSnapshot,
        Long consistentSnapshot,
        Origin origin) {

    /** A volume that is not a clone. */
    public VolumeInfo(String id, long sizeBytes, int blockSize, VolumeRole role, boolean frozen, String frozenReason,
            Long latestSnapshot, Long consistentSnapshot) {
        this(id, sizeBytes, blockSize, role, frozen, frozenReason, latestSnapshot, consistentSnapshot, null);
    }

    /** The snapshot {@code snapshot} of volume {@code volumeId} that a clone reads its unwritten blocks from. */
    public record Origin(String volumeId, long snapshot) {
    }
}
