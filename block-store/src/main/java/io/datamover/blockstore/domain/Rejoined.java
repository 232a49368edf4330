package io.datamover.blockstore.domain;

import io.datamover.events.ChangeMethod;
import java.util.List;

/**
 * What a rejoin did.
 *
 * @param volume the volume as it is now
 * @param divergedBlocks the blocks that had diverged from the snapshot rejoined at and got its content back
 * @param discardedSnapshots the snapshots after it that were deleted, ascending
 * @param method how the diverged blocks were found: {@code cbt}, or {@code checksum} when the tracking of the open
 *     epoch was distrusted
 */
public record Rejoined(VolumeMetadata volume, long divergedBlocks, List<Long> discardedSnapshots,
        ChangeMethod method) {

    public Rejoined {
        discardedSnapshots = List.copyOf(discardedSnapshots);
    }

    public long divergedBytes() {
        return divergedBlocks * volume.blockSize();
    }
}
