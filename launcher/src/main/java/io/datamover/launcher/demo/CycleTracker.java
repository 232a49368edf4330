package io.datamover.launcher.demo;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChunkShipped;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.launcher.cluster.ReplicationFeed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/** Assembles the replication events of one volume into {@link Cycle}s by snapshot number. */
final class CycleTracker implements ReplicationFeed.Listener, AutoCloseable {

    private final String volumeId;
    private final Map<Long, Cycle> cycles = new ConcurrentSkipListMap<>();
    private final Consumer<Cycle> onProgress;
    private final ReplicationFeed feed;

    CycleTracker(String bootstrapServers, String volumeId, String targetSite, Consumer<Cycle> onProgress) {
        this.volumeId = volumeId;
        this.onProgress = onProgress;
        this.feed = new ReplicationFeed(bootstrapServers, "datamover-demo", targetSite, this);
    }

    @Override
    public void taken(SnapshotTaken e) {
        if (volumeId.equals(e.volumeId())) {
            cycle(e.snapshot()).taken(e.timestamp(), e.baseSnapshot());
        }
    }

    @Override
    public void changed(BlocksChanged e) {
        if (volumeId.equals(e.volumeId())) {
            cycle(e.snapshot()).changed(e.method().code(), e.changedBytes());
        }
    }

    @Override
    public void shipped(ChunkShipped e) {
        if (volumeId.equals(e.volumeId())) {
            Cycle cycle = cycle(e.snapshot());
            cycle.progress(e.bytesDone(), e.bytesTotal());
            onProgress.accept(cycle);
        }
    }

    @Override
    public void applied(ReplicaApplied e) {
        if (volumeId.equals(e.volumeId())) {
            cycle(e.snapshot()).applied(e.timestamp(), e.snapshotTakenAt(), e.shippedBytes());
        }
    }

    private Cycle cycle(long snapshot) {
        return cycles.computeIfAbsent(snapshot, Cycle::new);
    }

    /** The cycles seen so far, by snapshot number. */
    List<Cycle> cycles() {
        feed.requireRunning();
        return List.copyOf(cycles.values());
    }

    @Override
    public void close() {
        feed.close();
    }
}
