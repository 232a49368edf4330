package io.datamover.transfer.domain;

import io.datamover.events.BlocksChanged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Collects the {@code blocks-changed} pages of each volume until a changed set is complete. Each
 * page comes with a handle (the message it arrived in) so that the caller can settle all of a
 * set's messages once the set is shipped.
 *
 * <p>Pages of one volume arrive in order, so a page of another snapshot, or a page seen twice,
 * means the pending set can no longer complete: it is abandoned, with a reason, and collection
 * starts over with the new page.
 *
 * @param <H> the handle type
 */
public final class PageCollector<H> {

    /** A changed set with every page in, and the handles of its pages. */
    public record Completed<H>(ChangedSet changedSet, List<H> handles) {
    }

    /** Pages that will never form a whole set, and why. */
    public record Abandoned<H>(String reason, List<H> handles) {
    }

    /** What one page changed: a set it abandoned, a set it completed, either or neither. */
    public record Added<H>(Optional<Abandoned<H>> abandoned, Optional<Completed<H>> completed) {
    }

    private record Page<H>(BlocksChanged event, H handle) {
    }

    private final Map<String, TreeMap<Integer, Page<H>>> pendingByVolume = new HashMap<>();

    public Added<H> add(BlocksChanged event, H handle) {
        TreeMap<Integer, Page<H>> pending = pendingByVolume.get(event.volumeId());
        Optional<Abandoned<H>> abandoned = Optional.empty();
        if (pending != null && !belongs(event, pending)) {
            abandoned = Optional.of(new Abandoned<>(abandonReason(event, pending), handles(pending)));
            pending = null;
        }
        if (pending == null) {
            pending = new TreeMap<>();
            pendingByVolume.put(event.volumeId(), pending);
        }
        pending.put(event.page(), new Page<>(event, handle));
        if (pending.size() < event.pageCount()) {
            return new Added<>(abandoned, Optional.empty());
        }
        pendingByVolume.remove(event.volumeId());
        List<BlocksChanged> pages = pending.values().stream().map(Page::event).toList();
        return new Added<>(abandoned, Optional.of(new Completed<>(ChangedSet.of(pages), handles(pending))));
    }

    /** Volumes with a changed set still missing pages. */
    public int pendingVolumes() {
        return pendingByVolume.size();
    }

    private static <H> boolean belongs(BlocksChanged event, TreeMap<Integer, Page<H>> pending) {
        BlocksChanged first = pending.firstEntry().getValue().event();
        return first.snapshot() == event.snapshot()
                && first.pageCount() == event.pageCount()
                && !pending.containsKey(event.page());
    }

    private static <H> String abandonReason(BlocksChanged event, TreeMap<Integer, Page<H>> pending) {
        BlocksChanged first = pending.firstEntry().getValue().event();
        List<Integer> missing = IntStream.range(0, first.pageCount())
                .filter(p -> !pending.containsKey(p)).boxed().toList();
        String why = first.snapshot() != event.snapshot()
                ? "snapshot " + event.snapshot() + " began"
                : pending.containsKey(event.page())
                        ? "page " + event.page() + " arrived again"
                        : "a page claims " + event.pageCount() + " pages instead of " + first.pageCount();
        return "incomplete changed set of volume " + first.volumeId() + " snapshot " + first.snapshot()
                + " of site " + first.site() + ": pages " + missing + " of " + first.pageCount()
                + " never arrived before " + why;
    }

    private static <H> List<H> handles(TreeMap<Integer, Page<H>> pending) {
        return new ArrayList<>(pending.values().stream().map(Page::handle).toList());
    }
}
