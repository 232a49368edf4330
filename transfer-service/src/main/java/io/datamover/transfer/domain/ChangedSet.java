package io.datamover.transfer.domain;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The whole changed set of snapshot {@code snapshot} of {@code volumeId} at {@code site}: the
 * extents of all its {@code blocks-changed} pages, in page order.
 *
 * @param baseSnapshot the snapshot the delta applies on, null for a full copy
 */
public record ChangedSet(
        String site,
        String volumeId,
        long snapshot,
        Long baseSnapshot,
        ChangeMethod method,
        long volumeBytes,
        int blockSize,
        List<Extent> extents,
        List<String> targetSites,
        Instant snapshotTakenAt) {

    public ChangedSet {
        extents = List.copyOf(extents);
        targetSites = List.copyOf(targetSites);
    }

    /** Joins the pages of one changed set, given in any order. */
    public static ChangedSet of(List<BlocksChanged> pages) {
        List<BlocksChanged> ordered = pages.stream().sorted(Comparator.comparingInt(BlocksChanged::page)).toList();
        BlocksChanged first = ordered.get(0);
        List<Extent> extents = new ArrayList<>();
        ordered.forEach(page -> extents.addAll(page.extents()));
        return new ChangedSet(first.site(), first.volumeId(), first.snapshot(), first.baseSnapshot(), first.method(),
                first.volumeBytes(), first.blockSize(), extents, first.targetSites(), first.snapshotTakenAt());
    }

    public long changedBytes() {
        return extents.stream().mapToLong(Extent::length).sum();
    }

    /** Names the delta in logs and errors. */
    public String describe() {
        return "volume " + volumeId + " snapshot " + snapshot
                + (baseSnapshot == null ? " (full)" : " (base " + baseSnapshot + ")") + " of site " + site;
    }
}
