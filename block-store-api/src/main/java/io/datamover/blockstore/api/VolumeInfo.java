package io.datamover.blockstore.api;

/**
 * A volume of the block store.
 *
 * @param frozenReason why the volume is frozen, null when it is not
 * @param latestSnapshot the highest retained snapshot number, null before the first snapshot
 * @param consistentSnapshot for a replica, the last snapshot applied; null for a primary or before the first apply
 */
public record VolumeInfo(
        String id,
        long sizeBytes,
        int blockSize,
        VolumeRole role,
        boolean frozen,
        String frozenReason,
        Long latestSnapshot,
        Long consistentSnapshot) {
}
