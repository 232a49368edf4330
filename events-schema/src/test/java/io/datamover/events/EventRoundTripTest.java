package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.datamover.events.SampleEvents#all")
    void shouldReadBackWhatEventJsonWrites(Event event) {
        Event read = EventJson.read(EventJson.write(event), event.getClass());

        assertThat(read).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.datamover.events.SampleEvents#all")
    void shouldReadBackWhatEventSerdeWrites(Event event) {
        assertThat(throughSerde(event)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.datamover.events.SampleEvents#all")
    void shouldWriteJsonThatValidatesAgainstTheEventsSchema(Event event) throws IOException {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(event));

        assertThat(EventSchemas.validate(EventType.of(event.getClass()), json)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldWriteTimesAsIsoStringsAndLeaveAbsentFieldsOut(EventType type) throws IOException {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(SampleEvents.minimal(type)));

        assertThat(json.get("timestamp").isTextual()).isTrue();
        assertThat(json.properties()).noneMatch(field -> field.getValue().isNull());
    }

    @Test
    void shouldWriteEnumsByTheirLowerCaseCodes() throws IOException {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(SampleEvents.full(EventType.BLOCKS_CHANGED)));

        assertThat(json.get("method").asText()).isEqualTo("cbt");
    }

    @Test
    void shouldPassTombstonesOfTheCompactedTopicThroughTheSerdeAsNull() {
        EventSerde<ReplicaState> serde = EventSerde.of(ReplicaState.class);

        assertThat(serde.deserialize(Topics.REPLICA_STATE, null)).isNull();
        assertThat(serde.serialize(Topics.REPLICA_STATE, null)).isNull();
    }

    @Test
    void shouldHaveARecordTypeForEveryEventTypeAndBack() {
        assertThat(Arrays.stream(EventType.values()))
                .allSatisfy(type -> assertThat(EventType.of(type.recordType())).isEqualTo(type))
                .allSatisfy(type -> assertThat(EventType.ofTopic(type.topic())).isEqualTo(type));
    }

    private static <T extends Event> T throughSerde(T event) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) event.getClass();
        EventSerde<T> serde = EventSerde.of(type);
        String topic = EventType.of(type).topic();
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, event));
    }
}
