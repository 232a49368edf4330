package io.datamover.snapshot.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Whether a consumer that reads a topic from the beginning has read everything that was on it when
 * it started, so that state rebuilt from the topic is complete before anyone decides on it.
 */
public final class CatchUp {

    /** The offsets of a partition: its first record and the offset after its last one. */
    public record Range(long beginning, long end) {
    }

    private volatile Map<Integer, Range> ranges;
    private final ConcurrentMap<Integer, Long> nextOffsets = new ConcurrentHashMap<>();

    /** Sets the offsets to reach, as found once the consumer started. */
    public void reach(Map<Integer, Range> partitionRanges) {
        this.ranges = Map.copyOf(partitionRanges);
    }

    public boolean knowsTarget() {
        return ranges != null;
    }

    public void consumed(int partition, long offset) {
        nextOffsets.merge(partition, offset + 1, Math::max);
    }

    public boolean isCaughtUp() {
        Map<Integer, Range> target = ranges;
        return target != null && target.entrySet().stream().allMatch(partition -> {
            Range range = partition.getValue();
            return range.beginning() >= range.end()
                    || nextOffsets.getOrDefault(partition.getKey(), range.beginning()) >= range.end();
        });
    }
}
