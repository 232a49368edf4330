package io.datamover.mover.domain;

import io.datamover.blockstore.api.DeltaFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CRC32C of every sector the mover wrote since the delta began, by run of sectors as the parts' records wrote
 * them: what the read-back check compares the device with. A record written over part of an earlier one replaces
 * that part's sums; 4 bytes per 4 KiB sector written. Thread-safe.
 */
public final class WrittenSectors {

    /** A run of sectors from {@code offset}, one CRC32C each. */
    public record Run(long offset, int[] sums) {

        public long end() {
            return offset + (long) sums.length * DeltaFormat.SECTOR_SIZE;
        }

        /** The sums of the sectors of this run in {@code [from, to)}, which lies inside it. */
        Run slice(long from, long to) {
            int first = (int) ((from - offset) / DeltaFormat.SECTOR_SIZE);
            int last = (int) ((to - offset) / DeltaFormat.SECTOR_SIZE);
            return new Run(from, Arrays.copyOfRange(sums, first, last));
        }
    }

    private final TreeMap<Long, Run> runs = new TreeMap<>();

    /** Remembers the sums of a record written at {@code offset}, replacing what was remembered of those sectors. */
    public synchronized void written(long offset, int[] sums) {
        Run run = new Run(offset, sums.clone());
        Map.Entry<Long, Run> before = runs.lowerEntry(offset);
        if (before != null && before.getValue().end() > offset) {
            trim(before.getValue(), run);
        }
        for (Run later : List.copyOf(runs.subMap(offset, true, run.end(), false).values())) {
            trim(later, run);
        }
        runs.put(offset, run);
    }

    /** Forgets everything: the delta begins again. */
    public synchronized void clear() {
        runs.clear();
    }

    /** The runs written, ascending, none overlapping another. */
    public synchronized List<Run> runs() {
        return new ArrayList<>(runs.values());
    }

    /** Keeps of {@code old} only the sectors {@code newer} does not write. */
    private void trim(Run old, Run newer) {
        runs.remove(old.offset());
        if (old.offset() < newer.offset()) {
            runs.put(old.offset(), old.slice(old.offset(), newer.offset()));
        }
        if (old.end() > newer.end()) {
            runs.put(newer.end(), old.slice(newer.end(), old.end()));
        }
    }
}
