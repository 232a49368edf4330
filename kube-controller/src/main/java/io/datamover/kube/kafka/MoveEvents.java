package io.datamover.kube.kafka;

import io.datamover.events.ApplicationExported;
import io.datamover.events.DeadLetters;
import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Topics;
import io.datamover.kube.domain.KnownExports;
import io.datamover.kube.kubernetes.DaemonThreads;
import io.datamover.kube.kubernetes.Moves;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Follows the events of moves on one thread: every export (the compacted topic read from its beginning at each
 * start, so the latest per group and target is always held, and a tombstone forgets its key) and the placement
 * decisions, carried out one after the other and committed once carried out. Before a batch of decisions, the exports
 * are read up to their end, so that a decision finds the export published before it, and none withdrawn before it.
 * A consumer group new to the decisions starts at the controller's start. A malformed record goes to
 * {@code datamover.dead-letter} with the reason; a tombstone is no malformed record.
 */
public class MoveEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MoveEvents.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final Moves moves;
    private final KnownExports known;
    private final Runnable onCaughtUp;
    private final KafkaConsumer<String, byte[]> exports;
    private final KafkaConsumer<String, byte[]> decisions;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final Instant start = Instant.now();
    private final Thread thread;
    private volatile boolean running = true;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Tries in a row that failed for a reason that may pass. */
    private int retries;

    /**
     * @param consumerGroup the group the decisions are read in, one per site (the offsets of what was carried out)
     * @param known where the exports read are kept
     * @param onCaughtUp called once the exports are read up to where they stood at start
     */
    public MoveEvents(String bootstrapServers, String consumerGroup, Moves moves, KnownExports known,
            Runnable onCaughtUp) {
        this.moves = moves;
        this.known = known;
        this.onCaughtUp = onCaughtUp;
        this.exports = new KafkaConsumer<>(consumerConfig(bootstrapServers, null), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.decisions = new KafkaConsumer<>(consumerConfig(bootstrapServers, consumerGroup),
                new StringDeserializer(), new ByteArrayDeserializer());
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        this.deadLetters = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        this.thread = DaemonThreads.named("kube-controller-moves").newThread(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = exports.partitionsFor(Topics.APPLICATION_EXPORTED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            exports.assign(partitions);
            exports.seekToBeginning(partitions);
            decisions.subscribe(List.of(Topics.PLACEMENT_DECISION), new SinceStart());
            while (running) {
                followOnce();
            }
        } catch (WakeupException e) {
            LOG.debug("stopped following the events of moves");
        } catch (RuntimeException e) {
            LOG.errorf(e, "following the events of moves failed: %s", e.getMessage());
        } finally {
            exports.close();
            decisions.close();
        }
    }

    /**
     * Reads the exports to their end, then carries out a batch of decisions. The exports are read to their end again
     * once a batch came: an export or tombstone published before a decision, while the poll waited, is then known
     * when the decision is carried out. A broker that does not answer, or a commit that fails, is logged and tried
     * again: decisions not committed come again, and their steps are idempotent.
     */
    private void followOnce() {
        try {
            readExportsToEnd();
            ConsumerRecords<String, byte[]> batch = decisions.poll(POLL);
            if (!batch.isEmpty()) {
                readExportsToEnd();
            }
            Map<TopicPartition, OffsetAndMetadata> carriedOut = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : batch) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (!decide(record)) {
                    tryAgainFrom(batch, carriedOut);
                    return;
                }
                carriedOut.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
            decisions.commitSync();
            retries = 0;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("following the events of moves: %s; trying again", e.getMessage());
        }
    }

    /**
     * Commits what was carried out, goes back to the first decision of each partition that was not, and waits before
     * the next try: {@code RETRY} doubled after each failure in a row, up to {@code RETRY_MAX}.
     */
    private void tryAgainFrom(ConsumerRecords<String, byte[]> batch, Map<TopicPartition, OffsetAndMetadata> done) {
        if (!done.isEmpty()) {
            decisions.commitSync(done);
        }
        for (TopicPartition partition : batch.partitions()) {
            OffsetAndMetadata next = done.get(partition);
            decisions.seek(partition, next != null ? next.offset() : batch.records(partition).get(0).offset());
        }
        Duration wait = RETRY.multipliedBy(1L << Math.min(retries++, 5));
        wait = wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait;
        try {
            if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WakeupException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void readExportsToEnd() {
        Map<TopicPartition, Long> ends = exports.endOffsets(exports.assignment());
        while (ends.entrySet().stream().anyMatch(end -> exports.position(end.getKey()) < end.getValue())) {
            for (ConsumerRecord<String, byte[]> record : exports.poll(POLL)) {
                export(record);
            }
        }
        if (known.markCaughtUp()) {
            onCaughtUp.run();
        }
    }

    private void export(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            known.forget(record.key()).ifPresent(withdrawn -> LOG.infof("group %s: the export from %s for %s was"
                    + " withdrawn", withdrawn.groupId(), withdrawn.site(), withdrawn.targetSite()));
            return;
        }
        try {
            ApplicationExported export = EventJson.read(record.value(), ApplicationExported.class);
            if (!export.key().equals(record.key())) {
                throw new EventFormatException("malformed application-exported event: key '" + record.key()
                        + "' is not its group and target '" + export.key() + "'");
            }
            known.put(export);
        } catch (EventFormatException e) {
            deadLetter(record, e);
        }
    }

    /** Whether the record is done with: carried out, dead-lettered, or failed for good; false to try it again. */
    private boolean decide(ConsumerRecord<String, byte[]> record) {
        PlacementDecision decision;
        try {
            decision = EventJson.read(record.value(), PlacementDecision.class);
        } catch (EventFormatException e) {
            deadLetter(record, e);
            return true;
        }
        try {
            return moves.decided(decision);
        } catch (RuntimeException e) {
            LOG.errorf(e, "group %s, decision %s, step %s: carrying it out failed: %s", decision.groupId(),
                    decision.decisionId(), decision.step(), e.getMessage());
            return true;
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, EventFormatException e) {
        LOG.warnf("rejected a record of %s (partition %d, offset %d): %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.DEAD_LETTER, record.key(),
                record.value());
        letter.headers().add(DeadLetters.REASON, utf8(e.getMessage()));
        letter.headers().add(DeadLetters.CAUSE, utf8(e.getClass().getName()));
        letter.headers().add(DeadLetters.TOPIC, utf8(record.topic()));
        letter.headers().add(DeadLetters.PARTITION, utf8(Integer.toString(record.partition())));
        letter.headers().add(DeadLetters.OFFSET, utf8(Long.toString(record.offset())));
        deadLetters.send(letter, (metadata, failure) -> {
            if (failure != null) {
                LOG.errorf("cannot dead-letter a record of %s (offset %d): %s", record.topic(), record.offset(),
                        failure.getMessage());
            }
        });
    }

    private static byte[] utf8(String text) {
        return String.valueOf(text).getBytes(StandardCharsets.UTF_8);
    }

    private static Properties consumerConfig(String bootstrapServers, String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return config;
    }

    /** A partition without a committed offset starts at the first decision published since the controller started. */
    private final class SinceStart implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            var committed = decisions.committed(Set.copyOf(partitions));
            var fresh = partitions.stream().filter(p -> committed.get(p) == null)
                    .collect(Collectors.toMap(p -> p, p -> start.toEpochMilli()));
            decisions.offsetsForTimes(fresh).forEach((partition, found) -> {
                if (found == null) {
                    decisions.seekToEnd(List.of(partition));
                } else {
                    decisions.seek(partition, found.offset());
                }
            });
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            decisions.commitSync();
        }
    }

    @Override
    public void close() {
        running = false;
        stopped.countDown();
        decisions.wakeup();
        exports.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close(Duration.ofSeconds(2));
    }
}
