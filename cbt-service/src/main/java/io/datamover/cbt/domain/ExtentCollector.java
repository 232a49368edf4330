package io.datamover.cbt.domain;

import io.datamover.events.Extent;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the extents of a changed set as they stream in, ascending, merging an extent into the
 * previous one where they touch, also across the messages of a stream.
 */
public final class ExtentCollector {

    private final List<Extent> extents = new ArrayList<>();
    private long bytes;

    /** Adds the next extent; it must not start before the previous one. */
    public void add(long offset, long length) {
        if (length == 0) {
            return;
        }
        Extent next = new Extent(offset, length);
        if (extents.isEmpty()) {
            append(next);
            return;
        }
        Extent last = extents.get(extents.size() - 1);
        if (next.offset() < last.offset()) {
            throw new IllegalArgumentException("extents out of order: extent at " + next.offset()
                    + " follows extent at " + last.offset());
        }
        if (next.offset() <= last.end()) {
            long end = Math.max(last.end(), next.end());
            bytes += end - last.end();
            extents.set(extents.size() - 1, new Extent(last.offset(), end - last.offset()));
        } else {
            append(next);
        }
    }

    private void append(Extent extent) {
        extents.add(extent);
        bytes += extent.length();
    }

    public List<Extent> extents() {
        return List.copyOf(extents);
    }

    /** Bytes covered by the extents collected so far. */
    public long bytes() {
        return bytes;
    }
}
