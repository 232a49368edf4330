package io.datamover.placement.topology;

import io.datamover.events.DeadLetters;
import io.datamover.events.Event;
import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.events.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Reads the event of an input record by the type of its topic. A record that is not a valid event,
 * or whose key is not the event's volume, goes on as malformed, its dead-letter headers added.
 */
final class ParseEvent implements FixedKeyProcessor<String, byte[], Parsed> {

    private static final Logger LOG = Logger.getLogger(ParseEvent.class);

    private FixedKeyProcessorContext<String, Parsed> context;

    @Override
    public void init(FixedKeyProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            Event event = EventJson.read(record.value(), EventType.ofTopic(source.topic()).recordType());
            if (!Objects.equals(record.key(), event.key())) {
                throw new EventFormatException("record key '" + record.key() + "' is not the event's key '"
                        + event.key() + "'");
            }
            context.forward(record.withValue(Parsed.valid(event, record.value())));
        } catch (EventFormatException e) {
            LOG.warnf("dead-lettering record %s-%d@%d with key %s: %s", source.topic(), source.partition(),
                    source.offset(), record.key(), e.getMessage());
            context.forward(record.withValue(Parsed.malformed(record.value()))
                    .withHeaders(deadLetterHeaders(record.headers(), source, e.getMessage())));
        }
    }

    static Headers deadLetterHeaders(Headers original, RecordMetadata source, String reason) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.add(DeadLetters.REASON, utf8(reason));
        headers.add(DeadLetters.TOPIC, utf8(source.topic()));
        headers.add(DeadLetters.PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetters.OFFSET, utf8(Long.toString(source.offset())));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
