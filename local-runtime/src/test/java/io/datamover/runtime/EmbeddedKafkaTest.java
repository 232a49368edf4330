package io.datamover.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static String bootstrapServers;

    @BeforeAll
    static void startBroker() {
        bootstrapServers = SharedKafka.bootstrapServers();
    }

    @Test
    void shouldCreateEveryContractTopicWithItsPartitions() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get();
            List<String> expected = Topics.definitions().stream().map(Topics.Definition::name).toList();
            assertThat(names).containsAll(expected);

            Map<String, TopicDescription> descriptions = admin.describeTopics(expected).allTopicNames().get();
            for (Topics.Definition definition : Topics.definitions()) {
                assertThat(descriptions.get(definition.name()).partitions())
                        .as("partitions of %s", definition.name())
                        .hasSize(definition.partitions());
            }
        }
    }

    @Test
    void shouldCompactTheReplicaStateTopic() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPLICA_STATE);
        try (Admin admin = admin()) {
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldConsumeBackARecordItProduced() throws Exception {
        String value = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SITE_HEARTBEAT, "stockholm", value)).get();
        }

        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test-" + value,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SITE_HEARTBEAT));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.contains(value) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                }
            }
        }
        assertThat(seen).contains(value);
    }

    @Test
    void shouldShareOneBrokerPerJvm() {
        assertThat(SharedKafka.bootstrapServers()).isEqualTo(bootstrapServers);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
