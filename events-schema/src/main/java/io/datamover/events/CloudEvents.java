package io.datamover.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents Kafka protocol binding, binary mode: the event's JSON is the record value and its
 * attributes are {@code ce_*} headers, so that generic consumers can read our events.
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";

    private CloudEvents() {
    }

    /** The {@code ce_*} headers of an event emitted by {@code source} (e.g. {@code /sites/stockholm/cbt-service}). */
    public static Headers headers(Event event, String source) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8(SPEC_VERSION));
        headers.add("ce_id", utf8(event.eventId()));
        headers.add("ce_type", utf8(EventType.of(event.getClass()).cloudEventType()));
        headers.add("ce_source", utf8(source));
        headers.add("ce_time", utf8(event.timestamp().toString()));
        headers.add("content-type", utf8("application/json"));
        return headers;
    }

    /** A record of the event on its topic, keyed by {@link Event#key()}, with CloudEvents headers. */
    public static ProducerRecord<String, byte[]> record(Event event, String source) {
        EventType type = EventType.of(event.getClass());
        return new ProducerRecord<>(type.topic(), null, event.key(), EventJson.write(event),
                headers(event, source));
    }

    /** The CloudEvents source of a service at a site. */
    public static String source(String site, String service) {
        return "/sites/" + site + "/" + service;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
