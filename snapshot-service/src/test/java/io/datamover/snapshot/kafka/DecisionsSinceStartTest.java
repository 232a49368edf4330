package io.datamover.snapshot.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where a consumer of placement decisions starts, against the real broker: on a topic of its own, a decision published
 * long before the service started and two after.
 */
class DecisionsSinceStartTest {

    private final TopicPartition partition = new TopicPartition(TestEvents.uniqueId("decisions"), 0);
    private DecisionsSinceStart listener;

    @BeforeEach
    void publish() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1))).all().get();
        }
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(record(now.minus(Duration.ofMinutes(10)), "old")).get();
            listener = new DecisionsSinceStart();
            producer.send(record(now.plusMillis(1), "before the assignment")).get();
            producer.send(record(now.plusMillis(2), "after")).get();
        }
    }

    @Test
    void shouldStartAFreshGroupAtTheDecisionsSinceTheStartAndCommitThatPosition() {
        String group = TestEvents.uniqueId("fresh");
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.assign(List.of(partition));

            listener.onPartitionsAssigned(consumer, List.of(partition));

            assertThat(consumer.position(partition)).isEqualTo(1);
            assertThat(consumer.committed(Set.of(partition)).get(partition)).isEqualTo(new OffsetAndMetadata(1));
            assertThat(consumer.poll(Duration.ofSeconds(10))).extracting(r -> r.value())
                    .containsExactly("before the assignment", "after");
        }
    }

    @Test
    void shouldLeaveAGroupThatCommittedWhereItWas() {
        String group = TestEvents.uniqueId("resumed");
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.assign(List.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(2)));

            listener.onPartitionsAssigned(consumer, List.of(partition));

            assertThat(consumer.committed(Set.of(partition)).get(partition)).isEqualTo(new OffsetAndMetadata(2));
            assertThat(consumer.poll(Duration.ofSeconds(10))).extracting(r -> r.value()).containsExactly("after");
        }
    }

    private ProducerRecord<String, String> record(Instant at, String value) {
        return new ProducerRecord<>(partition.topic(), partition.partition(), at.toEpochMilli(), "group", value);
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
    }
}
