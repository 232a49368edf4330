package io.datamover.runtime;

import io.datamover.events.Event;
import io.datamover.events.EventJson;
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

/** Reads a topic of the shared broker for a test, keeping the records the test cares about. */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final KafkaConsumer<String, String> consumer;
    private final Predicate<ConsumerRecord<String, String>> filter;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private TopicReader(String topic, Predicate<ConsumerRecord<String, String>> filter, boolean fromBeginning) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        this.filter = filter;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }
    }

    /** Every record of the topic that passes {@code filter}, those published before the reader was made too. */
    public static TopicReader fromBeginning(String topic, Predicate<ConsumerRecord<String, String>> filter) {
        return new TopicReader(topic, filter, true);
    }

    /** What a test's actions produce from now on, and nothing older. */
    public static TopicReader fromEnd(String topic) {
        return new TopicReader(topic, record -> true, false);
    }

    /** The records read so far, after polling once more. */
    public List<ConsumerRecord<String, String>> poll() {
        consumer.poll(POLL).forEach(record -> {
            if (filter.test(record)) {
                records.add(record);
            }
        });
        return List.copyOf(records);
    }

    /** Waits for a record that matches. */
    public ConsumerRecord<String, String> await(String what, Predicate<ConsumerRecord<String, String>> matches) {
        return Awaitility.await().alias(what).atMost(TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(100))
                .until(() -> poll().stream().filter(matches).findFirst(), Optional::isPresent).get();
    }

    /** Waits for an event of the type that matches. */
    public <T extends Event> T awaitEvent(Class<T> type, Predicate<T> matches) {
        return EventJson.read(await(type.getSimpleName(), r -> matches.test(EventJson.read(r.value(), type))).value(),
                type);
    }

    /** Every event of the type read so far that matches. */
    public <T extends Event> List<T> events(Class<T> type, Predicate<T> matches) {
        return poll().stream().map(r -> EventJson.read(r.value(), type)).filter(matches).toList();
    }

    /** The last value of the header {@code name} (such as a {@code DeadLetters} header), null when it is missing. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
