package io.datamover.blockstore.domain;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which blocks each retained snapshot keeps in its copy-on-write file. Invariant: if {@code P} is retained and
 * {@code S} is the next retained snapshot (or the live volume after the latest), the blocks preserved by
 * {@code P} are exactly those written between {@code P} and {@code S}, with their content at {@code P}; every
 * other block of {@code P} reads as it does in {@code S}.
 */
public final class PreservedBlocks {

    private final NavigableMap<Long, RoaringBitmap> bySnapshot = new TreeMap<>();

    public void load(long snapshot, RoaringBitmap preserved) {
        bySnapshot.put(snapshot, preserved);
    }

    /** A new latest snapshot that preserves nothing yet. */
    public void open(long snapshot) {
        if (!bySnapshot.isEmpty() && bySnapshot.lastKey() >= snapshot) {
            throw new IllegalStateException("snapshot " + snapshot + " is not after the latest "
                    + bySnapshot.lastKey());
        }
        bySnapshot.put(snapshot, new RoaringBitmap());
    }

    public OptionalLong latest() {
        return bySnapshot.isEmpty() ? OptionalLong.empty() : OptionalLong.of(bySnapshot.lastKey());
    }

    public boolean isRetained(long snapshot) {
        return bySnapshot.containsKey(snapshot);
    }

    public RoaringBitmap of(long snapshot) {
        RoaringBitmap preserved = bySnapshot.get(snapshot);
        if (preserved == null) {
            throw new IllegalStateException("snapshot " + snapshot + " is not retained");
        }
        return preserved;
    }

    /**
     * Blocks of {@code range} the latest snapshot has not preserved yet: their live content must be copied before
     * it is overwritten. Empty when there is no snapshot.
     */
    public RoaringBitmap toPreserve(Geometry.BlockRange range) {
        if (bySnapshot.isEmpty()) {
            return new RoaringBitmap();
        }
        RoaringBitmap missing = RoaringBitmap.bitmapOfRange(range.first(), range.endExclusive());
        missing.andNot(bySnapshot.lastEntry().getValue());
        return missing;
    }

    /** Blocks of {@code blocks} the latest snapshot has not preserved yet; empty when there is no snapshot. */
    public RoaringBitmap toPreserve(RoaringBitmap blocks) {
        if (bySnapshot.isEmpty()) {
            return new RoaringBitmap();
        }
        return RoaringBitmap.andNot(blocks, bySnapshot.lastEntry().getValue());
    }

    /** Records that the latest snapshot now keeps {@code blocks}. */
    public void preserved(RoaringBitmap blocks) {
        bySnapshot.lastEntry().getValue().or(blocks);
    }

    /**
     * Records that the latest snapshot no longer keeps {@code blocks}: the live volume holds their content at that
     * snapshot again, so it reads them from there.
     */
    public void released(RoaringBitmap blocks) {
        if (!bySnapshot.isEmpty()) {
            bySnapshot.lastEntry().getValue().andNot(blocks);
        }
    }

    /** The snapshot whose copy-on-write file holds block {@code block} of {@code snapshot}; empty: the live volume. */
    public OptionalLong holder(long snapshot, int block) {
        for (Map.Entry<Long, RoaringBitmap> entry : bySnapshot.tailMap(snapshot, true).entrySet()) {
            if (entry.getValue().contains(block)) {
                return OptionalLong.of(entry.getKey());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * What deleting {@code snapshot} takes: the blocks it preserves that its predecessor relies on (the
     * predecessor read them through {@code snapshot}), to move into the predecessor's file.
     */
    public Deletion planDeletion(long snapshot) {
        RoaringBitmap preserved = of(snapshot);
        Map.Entry<Long, RoaringBitmap> predecessor = bySnapshot.lowerEntry(snapshot);
        if (predecessor == null) {
            return new Deletion(snapshot, OptionalLong.empty(), new RoaringBitmap());
        }
        return new Deletion(snapshot, OptionalLong.of(predecessor.getKey()),
                RoaringBitmap.andNot(preserved, predecessor.getValue()));
    }

    /** Forgets the deleted snapshot once its blocks are in the predecessor's file. */
    public void delete(Deletion deletion) {
        deletion.predecessor().ifPresent(p -> bySnapshot.get(p).or(deletion.moved()));
        bySnapshot.remove(deletion.snapshot());
    }

    /**
     * @param moved the blocks to copy from the deleted snapshot's file into the predecessor's
     */
    public record Deletion(long snapshot, OptionalLong predecessor, RoaringBitmap moved) {
    }
}
