package io.datamover.placement.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datamover.events.EventJson;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde of the topology's internal values, with the contract's mapper so that times read the same. */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            return EventJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
        }
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
