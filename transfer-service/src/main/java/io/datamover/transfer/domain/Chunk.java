package io.datamover.transfer.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import java.util.List;

/**
 * Chunk {@code index} of a changed set: the extents shipped in one request, in volume order.
 *
 * @param extents ascending, non-overlapping ranges whose data add up to at most the chunk size
 */
public record Chunk(int index, List<Extent> extents) {

    public Chunk {
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must not be negative, was " + index);
        }
        extents = List.copyOf(extents);
    }

    /** Data bytes of the chunk. */
    public long dataBytes() {
        return extents.stream().mapToLong(Extent::length).sum();
    }

    /** Bytes of the chunk framed as a delta stream (one record per extent), as it crosses the link. */
    public long framedBytes() {
        return dataBytes() + (long) DeltaFormat.HEADER_LENGTH * extents.size();
    }
}
