package io.datamover.launcher.demo;

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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the events of one volume on Kafka, as any dashboard could, and assembles them into
 * {@link Cycle}s by snapshot number.
 */
final class CycleTracker implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String volumeId;
    private final String targetSite;
    private final Map<Long, Cycle> cycles = new ConcurrentSkipListMap<>();
    private final Consumer<Cycle> onProgress;
    private final Thread thread;
    private volatile boolean running = true;

    CycleTracker(String bootstrapServers, String volumeId, String targetSite, Consumer<Cycle> onProgress) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "datamover-demo-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.volumeId = volumeId;
        this.targetSite = targetSite;
        this.onProgress = onProgress;
        this.consumer.subscribe(List.of(Topics.SNAPSHOT_TAKEN, Topics.BLOCKS_CHANGED, Topics.CHUNK_SHIPPED,
                Topics.REPLICA_APPLIED));
        this.thread = new Thread(this::poll, "cycle-tracker-" + volumeId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (volumeId.equals(record.key())) {
                        apply(record);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.SNAPSHOT_TAKEN -> {
                    SnapshotTaken e = EventJson.read(record.value(), SnapshotTaken.class);
                    cycle(e.snapshot()).taken(e.timestamp(), e.baseSnapshot());
                }
                case Topics.BLOCKS_CHANGED -> {
                    BlocksChanged e = EventJson.read(record.value(), BlocksChanged.class);
                    cycle(e.snapshot()).changed(e.method().code(), e.changedBytes());
                }
                case Topics.CHUNK_SHIPPED -> {
                    ChunkShipped e = EventJson.read(record.value(), ChunkShipped.class);
                    if (targetSite.equals(e.targetSite())) {
                        Cycle cycle = cycle(e.snapshot());
                        cycle.progress(e.bytesDone(), e.bytesTotal());
                        onProgress.accept(cycle);
                    }
                }
                case Topics.REPLICA_APPLIED -> {
                    ReplicaApplied e = EventJson.read(record.value(), ReplicaApplied.class);
                    if (targetSite.equals(e.site())) {
                        cycle(e.snapshot()).applied(e.timestamp(), e.snapshotTakenAt(), e.shippedBytes());
                    }
                }
                default -> {
                }
            }
        } catch (EventFormatException e) {
            System.err.println("ignoring a malformed event on " + record.topic() + ": " + e.getMessage());
        }
    }

    private Cycle cycle(long snapshot) {
        return cycles.computeIfAbsent(snapshot, Cycle::new);
    }

    /** The cycles seen so far, by snapshot number. */
    List<Cycle> cycles() {
        return List.copyOf(cycles.values());
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
