package io.datamover.events;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events of the contract to their topics with CloudEvents headers. {@link #publish}
 * returns once the broker has the event (acks=all, idempotent producer), so a service that goes on
 * after it never loses an event it believes published.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());

    private final KafkaProducer<String, byte[]> producer;
    private final String source;

    public EventPublisher(String bootstrapServers, String source) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "datamover" + source.replace('/', '-'));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.source = source;
    }

    /** Sends the event and waits for the broker's acknowledgement. */
    public void publish(Event event) {
        try {
            producer.send(CloudEvents.record(event, source)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + describe(event), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish " + describe(event) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends the event without waiting for the broker: for progress reports, which the next one supersedes. Events
     * sent this way keep their order per key; a send that fails is logged, not thrown.
     */
    public void publishWithoutWaiting(Event event) {
        producer.send(CloudEvents.record(event, source), (metadata, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "cannot publish " + describe(event) + ": "
                        + failure.getMessage());
            }
        });
    }

    /**
     * Sends a tombstone for {@code key} (a record without a value) to a compacted topic and waits for the broker's
     * acknowledgement: its readers forget the key's latest event, and compaction removes it.
     *
     * @throws IllegalArgumentException when the topic is not compacted
     */
    public void publishTombstone(String topic, String key) {
        if (!Topics.isCompacted(topic)) {
            throw new IllegalArgumentException("topic '" + topic + "' is not compacted: a tombstone means nothing"
                    + " there");
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, null)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the tombstone of " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the tombstone of " + key + " to " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private static String describe(Event event) {
        return EventType.of(event.getClass()).code() + " for " + event.key();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
