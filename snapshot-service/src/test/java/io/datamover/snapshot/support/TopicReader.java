package io.datamover.snapshot.support;

import io.datamover.runtime.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the shared broker from its beginning, keeping the records a test cares about. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Predicate<ConsumerRecord<String, String>> filter;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    public TopicReader(String topic, Predicate<ConsumerRecord<String, String>> filter) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.filter = filter;
    }

    /** The records read so far, after polling once more. */
    public List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
            if (filter.test(record)) {
                records.add(record);
            }
        });
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
