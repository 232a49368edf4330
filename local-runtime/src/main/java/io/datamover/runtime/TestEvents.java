package io.datamover.runtime;

import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts events, and payloads that are no events at all, on the shared broker's topics. */
public final class TestEvents {

    private TestEvents() {
    }

    /** A publisher speaking for {@code site}, as the service emitting those events there would. */
    public static EventPublisher publisher(String site, String service) {
        return new EventPublisher(SharedKafka.bootstrapServers(), CloudEvents.source(site, service));
    }

    public static void sendRaw(String topic, String key, String payload) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, payload)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** A volume id no other test uses. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
