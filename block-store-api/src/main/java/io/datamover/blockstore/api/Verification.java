package io.datamover.blockstore.api;

import java.util.List;

/**
 * The result of checking every sector of a snapshot (or of the live volume) against the checksum stored with it.
 *
 * @param snapshot the snapshot checked, null for the live volume
 * @param digest the SHA-256 of the whole content read, lower-case hex; null for a check of the blocks written since
 *     the latest snapshot, which has no content to compare
 * @param checkedBytes the bytes read and checked: the whole volume, or the blocks written since the latest snapshot
 * @param intact true when every sector matched its checksum
 * @param corruptBlockCount the blocks with at least one sector that did not match
 * @param corruptBlocks the first {@value #LISTED} of those, ascending
 * @param millis how long the check took
 */
public record Verification(String volumeId, Long snapshot, String algorithm, String digest, long checkedBytes,
        int sectorSize, boolean intact, long corruptBlockCount, List<CorruptBlock> corruptBlocks, long millis) {

    public static final int LISTED = 100;

    /**
     * A block whose content does not match its checksums.
     *
     * @param sectors how many of its sectors did not match
     * @param file the file the block was read from, relative to the data directory
     */
    public record CorruptBlock(long block, long offset, int sectors, String file) {
    }
}
