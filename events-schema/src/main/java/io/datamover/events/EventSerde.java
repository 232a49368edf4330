package io.datamover.events;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde of one event type. Deserializing a malformed payload throws
 * {@link EventFormatException}; consumers that must survive bad input read raw bytes and call
 * {@link EventJson#read} themselves, so that they can route the record to the dead-letter topic.
 */
public final class EventSerde<T extends Event> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;

    private EventSerde(Class<T> type) {
        this.type = type;
    }

    public static <T extends Event> EventSerde<T> of(Class<T> type) {
        return new EventSerde<>(type);
    }

    @Override
    public byte[] serialize(String topic, T event) {
        return event == null ? null : EventJson.write(event);
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        return payload == null ? null : EventJson.read(payload, type);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
