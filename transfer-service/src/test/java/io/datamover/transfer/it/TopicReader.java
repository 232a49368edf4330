package io.datamover.transfer.it;

import io.datamover.events.Event;
import io.datamover.events.EventJson;
import io.datamover.runtime.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads a topic from where it ended when the reader was made: what a test's actions produce, and nothing older. */
final class TopicReader implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    TopicReader(String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Waits for a record that matches. */
    ConsumerRecord<String, String> await(String what, Predicate<ConsumerRecord<String, String>> matches) {
        return Awaitility.await().alias(what).atMost(TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(100))
                .until(() -> poll().stream().filter(matches).findFirst(), Optional::isPresent).get();
    }

    /** Waits for an event of the type that matches. */
    <T extends Event> T awaitEvent(Class<T> type, Predicate<T> matches) {
        return EventJson.read(await(type.getSimpleName(), r -> matches.test(EventJson.read(r.value(), type))).value(),
                type);
    }

    /** Every event of the type received so far that matches. */
    <T extends Event> List<T> events(Class<T> type, Predicate<T> matches) {
        return poll().stream().map(r -> EventJson.read(r.value(), type)).filter(matches).toList();
    }

    private List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(received::add);
        return received;
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
