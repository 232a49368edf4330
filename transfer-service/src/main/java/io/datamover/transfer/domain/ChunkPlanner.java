package io.datamover.transfer.domain;

import io.datamover.events.Extent;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a changed set into chunks of at most {@code chunkBytes} data bytes. Every chunk but the
 * last is full: an extent that crosses a chunk boundary is split there, and the extents keep
 * their order, so that the chunks concatenated give back the changed set.
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    public static List<Chunk> plan(List<Extent> extents, long chunkBytes) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkBytes);
        }
        List<Chunk> chunks = new ArrayList<>();
        List<Extent> current = new ArrayList<>();
        long room = chunkBytes;
        for (Extent extent : extents) {
            long offset = extent.offset();
            long remaining = extent.length();
            while (remaining > 0) {
                long taken = Math.min(remaining, room);
                current.add(new Extent(offset, taken));
                offset += taken;
                remaining -= taken;
                room -= taken;
                if (room == 0) {
                    chunks.add(new Chunk(chunks.size(), current));
                    current = new ArrayList<>();
                    room = chunkBytes;
                }
            }
        }
        if (!current.isEmpty()) {
            chunks.add(new Chunk(chunks.size(), current));
        }
        return List.copyOf(chunks);
    }

    /** Framed bytes of all chunks: what the whole delta costs on the link. */
    public static long framedBytes(List<Chunk> chunks) {
        return chunks.stream().mapToLong(Chunk::framedBytes).sum();
    }
}
