package io.datamover.blockstore.domain;

import io.datamover.events.Extent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A block bitmap as byte extents: ascending, non-overlapping, adjacent blocks merged, clipped to the volume, in
 * pages of at most {@code maxResults}. No extent ends at or before {@code startingOffset}; the one containing it
 * starts there.
 */
public final class ExtentPages implements Iterator<List<Extent>> {

    private final PeekableIntIterator blocks;
    private final Geometry geometry;
    private final int maxResults;
    private long startingOffset;

    public ExtentPages(RoaringBitmap bitmap, Geometry geometry, long startingOffset, int maxResults) {
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be positive, was " + maxResults);
        }
        this.blocks = bitmap.getIntIterator();
        this.geometry = geometry;
        this.maxResults = maxResults;
        this.startingOffset = Math.max(0, startingOffset);
        if (this.startingOffset < geometry.sizeBytes()) {
            blocks.advanceIfNeeded(geometry.blockOf(this.startingOffset));
        }
    }

    /** All extents of {@code bitmap}, for tests and small volumes. */
    public static List<Extent> all(RoaringBitmap bitmap, Geometry geometry) {
        List<Extent> extents = new ArrayList<>();
        new ExtentPages(bitmap, geometry, 0, Integer.MAX_VALUE).forEachRemaining(extents::addAll);
        return extents;
    }

    @Override
    public boolean hasNext() {
        return startingOffset < geometry.sizeBytes() && blocks.hasNext()
                && geometry.offsetOf(blocks.peekNext()) < geometry.sizeBytes();
    }

    @Override
    public List<Extent> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Extent> page = new ArrayList<>(Math.min(maxResults, 1024));
        while (page.size() < maxResults && hasNext()) {
            page.add(nextExtent());
        }
        return page;
    }

    private Extent nextExtent() {
        int first = blocks.next();
        int last = first;
        while (blocks.hasNext() && blocks.peekNext() == last + 1) {
            last = blocks.next();
        }
        long start = Math.max(geometry.offsetOf(first), startingOffset);
        long end = Math.min(geometry.offsetOf(last) + geometry.blockSize(), geometry.sizeBytes());
        startingOffset = end;
        return new Extent(start, end - start);
    }
}
