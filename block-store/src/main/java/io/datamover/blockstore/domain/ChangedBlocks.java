package io.datamover.blockstore.domain;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Changed block tracking: the blocks written in each epoch. Epoch {@code N} runs from the retained snapshot
 * before {@code N} to {@code N}; the open epoch runs from the latest snapshot to now. Deleting a snapshot merges
 * its epoch into the next one, so deltas between retained snapshots stay exact.
 */
public final class ChangedBlocks {

    private final NavigableMap<Long, RoaringBitmap> changed = new TreeMap<>();
    private final NavigableMap<Long, RoaringBitmap> allocated = new TreeMap<>();
    private RoaringBitmap dirty = new RoaringBitmap();

    public void load(long snapshot, RoaringBitmap changedInEpoch, RoaringBitmap allocatedAtSnapshot) {
        changed.put(snapshot, changedInEpoch);
        allocated.put(snapshot, allocatedAtSnapshot);
    }

    public void loadDirty(RoaringBitmap openEpoch) {
        dirty = openEpoch;
    }

    public void written(Geometry.BlockRange range) {
        dirty.add(range.first(), range.endExclusive());
    }

    /** The blocks written since the latest snapshot. */
    public RoaringBitmap dirty() {
        return dirty;
    }

    /** Forgets the blocks written in the open epoch, whose content was put back as it was: returns them. */
    public RoaringBitmap discardOpenEpoch() {
        RoaringBitmap discarded = dirty;
        dirty = new RoaringBitmap();
        return discarded;
    }

    /** Blocks ever written, up to now. */
    public RoaringBitmap allocatedNow() {
        return allocated.isEmpty() ? dirty.clone() : RoaringBitmap.or(allocated.lastEntry().getValue(), dirty);
    }

    /** Closes the open epoch as snapshot {@code snapshot}'s and opens a new one. */
    public Sealed seal(long snapshot) {
        if (!changed.isEmpty() && changed.lastKey() >= snapshot) {
            throw new IllegalStateException("snapshot " + snapshot + " is not after the latest " + changed.lastKey());
        }
        Sealed sealed = new Sealed(dirty, allocatedNow());
        changed.put(snapshot, sealed.changed());
        allocated.put(snapshot, sealed.allocated());
        dirty = new RoaringBitmap();
        return sealed;
    }

    /**
     * Merges the epoch of {@code snapshot} into the next: returns the snapshot whose changed blocks grew, empty
     * when that is the open epoch.
     */
    public OptionalLong delete(long snapshot) {
        RoaringBitmap epoch = changed.remove(snapshot);
        if (epoch == null) {
            throw new IllegalStateException("snapshot " + snapshot + " is not retained");
        }
        allocated.remove(snapshot);
        Map.Entry<Long, RoaringBitmap> next = changed.higherEntry(snapshot);
        if (next == null) {
            dirty.or(epoch);
            return OptionalLong.empty();
        }
        next.getValue().or(epoch);
        return OptionalLong.of(next.getKey());
    }

    public RoaringBitmap changed(long snapshot) {
        return require(changed, snapshot);
    }

    public RoaringBitmap allocated(long snapshot) {
        return require(allocated, snapshot);
    }

    /**
     * The blocks written after {@code base} up to {@code target}.
     *
     * @throws StoreException SNAPSHOT_NOT_FOUND for a target not retained, BASE_NOT_RETAINED for such a base
     */
    public RoaringBitmap delta(String volumeId, long base, long target) {
        if (!changed.containsKey(target)) {
            throw new StoreException(StoreException.Reason.SNAPSHOT_NOT_FOUND,
                    "snapshot " + target + " of volume " + volumeId + " does not exist or was deleted", "target");
        }
        if (base >= target) {
            throw StoreException.invalid("base", "base snapshot " + base + " of volume " + volumeId
                    + " is not before the target snapshot " + target);
        }
        if (!changed.containsKey(base)) {
            throw new StoreException(StoreException.Reason.BASE_NOT_RETAINED, "base snapshot " + base + " of volume "
                    + volumeId + " is not retained: ask for the allocated blocks of " + target + " instead", "base");
        }
        return RoaringBitmap.or(changed.subMap(base, false, target, true).values().iterator());
    }

    private static RoaringBitmap require(Map<Long, RoaringBitmap> bitmaps, long snapshot) {
        RoaringBitmap bitmap = bitmaps.get(snapshot);
        if (bitmap == null) {
            throw new IllegalStateException("snapshot " + snapshot + " is not retained");
        }
        return bitmap;
    }

    /** The bitmaps of a sealed epoch: written in it, and ever written up to its snapshot. */
    public record Sealed(RoaringBitmap changed, RoaringBitmap allocated) {
    }
}
