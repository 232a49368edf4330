package io.datamover.runtime;

import io.datamover.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft broker (combined broker and controller) running in this JVM, with every
 * topic of the contract created and the broker warmed up (a record produced and consumed back in
 * a consumer group), so that the first real client does not pay for the broker's first steps.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String WARM_UP_TOPIC = "datamover.warm-up";

    /** Broker configs for one node: internal topics with one replica, no delay before the first rebalance. */
    private static final Map<String, Object> BROKER_CONFIG = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "5",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
    }

    /** Starts a broker whose logs live in a temporary directory, deleted on close. */
    public static EmbeddedKafka start() {
        try {
            return startIn(Files.createTempDirectory("datamover-kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the Kafka broker", e);
        }
    }

    /** Starts a broker whose logs live in a new directory under {@code dataDir}, deleted on close. */
    public static EmbeddedKafka start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return startIn(Files.createTempDirectory(dataDir.toAbsolutePath(), "kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Kafka broker under " + dataDir, e);
        }
    }

    private static EmbeddedKafka startIn(Path baseDir) {
        BrokerLogging.quiet();
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(baseDir)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            BROKER_CONFIG.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster);
            kafka.createTopics();
            kafka.warmUp();
            LOG.log(System.Logger.Level.INFO, "Kafka broker ready at {0} in {1} ms, logs under {2}",
                    kafka.bootstrapServers, Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)),
                    baseDir);
            return kafka;
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the embedded Kafka broker under " + baseDir + ": " + e, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private void createTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = new ArrayList<>(Topics.definitions().stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
                    .toList());
            topics.add(new NewTopic(WARM_UP_TOPIC, 1, (short) 1));
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private void warmUp() throws InterruptedException, ExecutionException {
        String marker = UUID.randomUUID().toString();
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(WARM_UP_TOPIC, "warm-up", marker)).get();
        }
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "datamover-warm-up");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(WARM_UP_TOPIC));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (var record : records) {
                    if (marker.equals(record.value())) {
                        consumer.commitSync();
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("the warm-up record did not come back from " + WARM_UP_TOPIC
                + " within " + TIMEOUT.toSeconds() + " s");
    }

    @Override
    public void close() {
        try {
            cluster.close();
            LOG.log(System.Logger.Level.INFO, "Kafka broker at {0} stopped", bootstrapServers);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot stop the Kafka broker at " + bootstrapServers + ": " + e, e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(System.Logger.Level.WARNING, "cannot stop a Kafka broker that failed to start", e);
        }
    }
}
