package io.datamover.launcher.cluster;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChunkShipped;
import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.events.VolumeFrozen;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the replication events from the beginning of their topics, as any dashboard could, on a thread of its
 * own, and hands each to a {@link Listener}: every {@code snapshot-taken}, {@code blocks-changed},
 * {@code volume-frozen} and {@code placement-decision}, and the {@code chunk-shipped} and {@code replica-applied} of
 * one target site. Malformed events are skipped with a line
 * on standard error.
 */
public final class ReplicationFeed implements AutoCloseable {

    /** Receives the events on the feed's thread. */
    public interface Listener {

        default void taken(SnapshotTaken event) {
        }

        default void changed(BlocksChanged event) {
        }

        default void shipped(ChunkShipped event) {
        }

        default void applied(ReplicaApplied event) {
        }

        /** A freeze or thaw at any site. */
        default void frozen(VolumeFrozen event) {
        }

        /** A step of a placement decision of any site. */
        default void decided(PlacementDecision event) {
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String targetSite;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * @param groupPrefix names the reader in the consumer group id
     */
    public ReplicationFeed(String bootstrapServers, String groupPrefix, String targetSite, Listener listener) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.targetSite = targetSite;
        this.listener = listener;
        consumer.subscribe(List.of(Topics.SNAPSHOT_TAKEN, Topics.BLOCKS_CHANGED, Topics.CHUNK_SHIPPED,
                Topics.REPLICA_APPLIED, Topics.VOLUME_FROZEN, Topics.PLACEMENT_DECISION));
        this.thread = new Thread(this::poll, groupPrefix + "-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Throws what stopped the feed early, if anything did. */
    public void requireRunning() {
        if (failure != null) {
            throw new IllegalStateException("reading the replication events failed: " + failure.getMessage(), failure);
        }
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    dispatch(record);
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

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.SNAPSHOT_TAKEN -> listener.taken(EventJson.read(record.value(), SnapshotTaken.class));
                case Topics.BLOCKS_CHANGED -> listener.changed(EventJson.read(record.value(), BlocksChanged.class));
                case Topics.CHUNK_SHIPPED -> {
                    ChunkShipped e = EventJson.read(record.value(), ChunkShipped.class);
                    if (targetSite.equals(e.targetSite())) {
                        listener.shipped(e);
                    }
                }
                case Topics.REPLICA_APPLIED -> {
                    ReplicaApplied e = EventJson.read(record.value(), ReplicaApplied.class);
                    if (targetSite.equals(e.site())) {
                        listener.applied(e);
                    }
                }
                case Topics.VOLUME_FROZEN -> listener.frozen(EventJson.read(record.value(), VolumeFrozen.class));
                case Topics.PLACEMENT_DECISION ->
                        listener.decided(EventJson.read(record.value(), PlacementDecision.class));
                default -> {
                }
            }
        } catch (EventFormatException e) {
            System.err.println("   ignoring a malformed event on " + record.topic() + ": " + e.getMessage());
        }
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
}
