package io.datamover.launcher.bench;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChunkShipped;
import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the replication events of every volume from the beginning of the topics, on a thread of its own, and
 * assembles them by volume and snapshot into {@link TransferCycle}s once the target site has applied them.
 */
final class ReplicationEvents implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String targetSite;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    ReplicationEvents(String bootstrapServers, String targetSite) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "datamover-bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.targetSite = targetSite;
        consumer.subscribe(List.of(Topics.SNAPSHOT_TAKEN, Topics.BLOCKS_CHANGED, Topics.CHUNK_SHIPPED,
                Topics.REPLICA_APPLIED));
        this.thread = new Thread(this::poll, "bench-replication-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** The cycle of {@code snapshot} of the volume once its replica is consistent at the target site. */
    Optional<TransferCycle> applied(String volumeId, long snapshot) {
        if (failure != null) {
            throw new IllegalStateException("reading the replication events failed: " + failure.getMessage(), failure);
        }
        Progress p = progress.get(key(volumeId, snapshot));
        return p == null ? Optional.empty() : p.cycle(volumeId, snapshot);
    }

    /** Bytes delivered so far and bytes in all of the transfer of {@code snapshot}; zeros before the first chunk. */
    long[] shipped(String volumeId, long snapshot) {
        Progress p = progress.get(key(volumeId, snapshot));
        return p == null ? new long[2] : p.shipped();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.SNAPSHOT_TAKEN -> {
                    SnapshotTaken e = EventJson.read(record.value(), SnapshotTaken.class);
                    progress(e.volumeId(), e.snapshot()).taken(e);
                }
                case Topics.BLOCKS_CHANGED -> {
                    BlocksChanged e = EventJson.read(record.value(), BlocksChanged.class);
                    progress(e.volumeId(), e.snapshot()).changed(e);
                }
                case Topics.CHUNK_SHIPPED -> {
                    ChunkShipped e = EventJson.read(record.value(), ChunkShipped.class);
                    if (targetSite.equals(e.targetSite())) {
                        progress(e.volumeId(), e.snapshot()).shipped(e);
                    }
                }
                case Topics.REPLICA_APPLIED -> {
                    ReplicaApplied e = EventJson.read(record.value(), ReplicaApplied.class);
                    if (targetSite.equals(e.site())) {
                        progress(e.volumeId(), e.snapshot()).applied(e);
                    }
                }
                default -> {
                }
            }
        } catch (EventFormatException e) {
            System.err.println("   ignoring a malformed event on " + record.topic() + ": " + e.getMessage());
        }
    }

    private Progress progress(String volumeId, long snapshot) {
        return progress.computeIfAbsent(key(volumeId, snapshot), k -> new Progress());
    }

    private static String key(String volumeId, long snapshot) {
        return volumeId + "/" + snapshot;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
