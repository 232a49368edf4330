package io.datamover.launcher.demo;

import io.datamover.events.ReplicaApplied;
import io.datamover.launcher.cluster.ReplicationFeed;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The deltas the feed's target site applied to its replicas of some volumes: the bytes each one shipped. */
final class AppliedDeltas implements ReplicationFeed.Listener {

    private final List<String> volumeIds;
    private final Map<String, NavigableMap<Long, Long>> shipped = new ConcurrentHashMap<>();

    AppliedDeltas(List<String> volumeIds) {
        this.volumeIds = List.copyOf(volumeIds);
    }

    @Override
    public void applied(ReplicaApplied event) {
        if (volumeIds.contains(event.volumeId())) {
            shipped.computeIfAbsent(event.volumeId(), v -> new ConcurrentSkipListMap<>())
                    .put(event.snapshot(), event.shippedBytes());
        }
    }

    boolean hasApplied(String volumeId, long snapshot) {
        return deltas(volumeId).containsKey(snapshot);
    }

    /** The bytes shipped for the snapshots of the volume after {@code base}, up to {@code upTo}. */
    long shippedAfter(String volumeId, long base, long upTo) {
        return deltas(volumeId).subMap(base, false, upTo, true).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The snapshots applied so far, by volume. */
    Map<String, List<Long>> applied() {
        Map<String, List<Long>> applied = new TreeMap<>();
        shipped.forEach((volumeId, deltas) -> applied.put(volumeId, List.copyOf(deltas.keySet())));
        return applied;
    }

    private NavigableMap<Long, Long> deltas(String volumeId) {
        return shipped.getOrDefault(volumeId, new TreeMap<>());
    }
}
