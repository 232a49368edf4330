package io.datamover.cbt.domain;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import java.util.ArrayList;
import java.util.List;

/**
 * The changed extents of a snapshot, found by {@code method} against {@code baseSnapshot} (null
 * for a full copy), ready to be published in pages; {@code fallback} says why it is a full copy although the event
 * named a base, or why it is the whole volume (null otherwise).
 */
public record ChangedSet(SnapshotTaken snapshot, ChangeMethod method, Long baseSnapshot, List<Extent> extents,
        String fallback) {

    public ChangedSet {
        extents = List.copyOf(extents);
    }

    public ChangedSet(SnapshotTaken snapshot, ChangeMethod method, Long baseSnapshot, List<Extent> extents) {
        this(snapshot, method, baseSnapshot, extents, null);
    }

    /** A full copy of every byte of the volume, for when no service can say which blocks are allocated. */
    public static ChangedSet wholeVolume(SnapshotTaken snapshot, String why) {
        return new ChangedSet(snapshot, ChangeMethod.FULL, null, List.of(new Extent(0, snapshot.volumeBytes())), why);
    }

    public long changedBytes() {
        return extents.stream().mapToLong(Extent::length).sum();
    }

    /**
     * The changed set as {@code blocks-changed} events of at most {@code pageExtents} extents each.
     * An empty changed set is one page without extents, so that the cycle still completes.
     */
    public List<BlocksChanged> pages(int pageExtents) {
        if (pageExtents < 1) {
            throw new IllegalArgumentException("page size must be at least 1 extent, was " + pageExtents);
        }
        int pageCount = Math.max(1, (extents.size() + pageExtents - 1) / pageExtents);
        long changedBytes = changedBytes();
        List<BlocksChanged> pages = new ArrayList<>(pageCount);
        for (int page = 0; page < pageCount; page++) {
            List<Extent> slice = extents.subList(page * pageExtents,
                    Math.min(extents.size(), (page + 1) * pageExtents));
            pages.add(BlocksChanged.page(snapshot, method, baseSnapshot, page, pageCount, changedBytes, slice));
        }
        return pages;
    }
}
