package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CloudEventsTest {

    private static final String SOURCE = CloudEvents.source("stockholm", "cbt-service");

    /**
     * The record key of each sample: the volume, the site for site events, the group for decisions, the group and its
     * target for exports.
     */
    private static final Map<EventType, String> KEYS = Map.ofEntries(
            Map.entry(EventType.SNAPSHOT_TAKEN, "pg-data"),
            Map.entry(EventType.BLOCKS_CHANGED, "pg-data"),
            Map.entry(EventType.CHUNK_SHIPPED, "pg-data"),
            Map.entry(EventType.VOLUME_FROZEN, "pg-data"),
            Map.entry(EventType.REPLICA_APPLIED, "pg-data"),
            Map.entry(EventType.SITE_METRICS, "stockholm"),
            Map.entry(EventType.SITE_HEARTBEAT, "stockholm"),
            Map.entry(EventType.REPLICA_STATE, "pg-data"),
            Map.entry(EventType.PLACEMENT_DECISION, "webshop"),
            Map.entry(EventType.SWITCHOVER_REQUESTED, "webshop"),
            Map.entry(EventType.APPLICATION_EXPORTED, "webshop.falkenberg"));

    @Test
    void shouldNameTheSourceAfterSiteAndService() {
        assertThat(SOURCE).isEqualTo("/sites/stockholm/cbt-service");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldCarryTheCloudEventsAttributesAsHeaders(EventType type) {
        Event event = SampleEvents.full(type);

        Headers headers = CloudEvents.headers(event, SOURCE);

        assertThat(text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(headers, "ce_id")).isEqualTo(event.eventId());
        assertThat(text(headers, "ce_type")).isEqualTo("io.datamover." + type.code());
        assertThat(text(headers, "ce_source")).isEqualTo(SOURCE);
        assertThat(text(headers, "ce_time")).isEqualTo(event.timestamp().toString());
        assertThat(text(headers, "content-type")).isEqualTo("application/json");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldPutTheEventOnItsTopicKeyedByVolumeOrSite(EventType type) {
        Event event = SampleEvents.full(type);

        ProducerRecord<String, byte[]> record = CloudEvents.record(event, SOURCE);

        assertThat(record.topic()).isEqualTo(type.topic());
        assertThat(record.key()).isEqualTo(KEYS.get(type)).isEqualTo(event.key());
        assertThat(record.partition()).as("partitioned by key").isNull();
        assertThat(EventJson.read(record.value(), type.recordType())).isEqualTo(event);
        assertThat(text(record.headers(), "ce_id")).isEqualTo(event.eventId());
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        assertThat(headers.headers(name)).as("header %s once", name).hasSize(1);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
