package io.datamover.launcher.bench;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChunkShipped;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.launcher.cluster.ReplicationFeed;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assembles the replication events of every volume by volume and snapshot into {@link TransferCycle}s once the
 * target site has applied them.
 */
final class ReplicationEvents implements ReplicationFeed.Listener, AutoCloseable {

    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final ReplicationFeed feed;

    ReplicationEvents(String bootstrapServers, String targetSite) {
        this.feed = new ReplicationFeed(bootstrapServers, "datamover-bench", targetSite, this);
    }

    /** The cycle of {@code snapshot} of the volume once its replica is consistent at the target site. */
    Optional<TransferCycle> appliedCycle(String volumeId, long snapshot) {
        feed.requireRunning();
        Progress p = progress.get(key(volumeId, snapshot));
        return p == null ? Optional.empty() : p.cycle(volumeId, snapshot);
    }

    /** Bytes delivered so far and bytes in all of the transfer of {@code snapshot}; zeros before the first chunk. */
    long[] shipped(String volumeId, long snapshot) {
        Progress p = progress.get(key(volumeId, snapshot));
        return p == null ? new long[2] : p.shipped();
    }

    @Override
    public void taken(SnapshotTaken e) {
        progress(e.volumeId(), e.snapshot()).taken(e);
    }

    @Override
    public void changed(BlocksChanged e) {
        progress(e.volumeId(), e.snapshot()).changed(e);
    }

    @Override
    public void shipped(ChunkShipped e) {
        progress(e.volumeId(), e.snapshot()).shipped(e);
    }

    @Override
    public void applied(ReplicaApplied e) {
        progress(e.volumeId(), e.snapshot()).applied(e);
    }

    private Progress progress(String volumeId, long snapshot) {
        return progress.computeIfAbsent(key(volumeId, snapshot), k -> new Progress());
    }

    private static String key(String volumeId, long snapshot) {
        return volumeId + "/" + snapshot;
    }

    @Override
    public void close() {
        feed.close();
    }

    /** What the events of one snapshot said so far. */
    private static final class Progress {
        private SnapshotTaken taken;
        private int pagesSeen;
        private BlocksChanged lastPage;
        private long bytesDone;
        private long bytesTotal;
        private ReplicaApplied applied;

        synchronized void taken(SnapshotTaken event) {
            taken = event;
        }

        synchronized void changed(BlocksChanged event) {
            pagesSeen++;
            if (lastPage == null || event.timestamp().isAfter(lastPage.timestamp())) {
                lastPage = event;
            }
        }

        synchronized void shipped(ChunkShipped event) {
            bytesDone = Math.max(bytesDone, event.bytesDone());
            bytesTotal = event.bytesTotal();
        }

        synchronized void applied(ReplicaApplied event) {
            applied = event;
        }

        synchronized long[] shipped() {
            return new long[] {bytesDone, bytesTotal};
        }

        synchronized Optional<TransferCycle> cycle(String volumeId, long snapshot) {
            if (taken == null || applied == null || lastPage == null || pagesSeen < lastPage.pageCount()) {
                return Optional.empty();
            }
            return Optional.of(new TransferCycle(volumeId, snapshot, taken.baseSnapshot(), lastPage.method().code(),
                    taken.timestamp(), lastPage.timestamp(), applied.timestamp(), lastPage.changedBytes(),
                    applied.shippedBytes()));
        }
    }
}
