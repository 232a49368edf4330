package io.datamover.placement.topology;

import io.datamover.events.CloudEvents;
import io.datamover.events.Event;
import io.datamover.events.EventSerde;
import io.datamover.events.ReplicaState;
import io.datamover.events.Topics;
import io.datamover.placement.domain.VolumeAggregate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The replica-state topology: the events of every volume (all input topics are keyed by volume id
 * and co-partitioned, so one task sees all events of a volume) are parsed, folded into the
 * volume's aggregate in {@link #STORE}, and each new state is written to the compacted
 * {@link Topics#REPLICA_STATE}. Malformed records go to {@link Topics#DEAD_LETTER} unchanged, with
 * the reason in their headers. The store is in memory, restored from its changelog on start: it holds
 * one small aggregate per volume, and a persistent store would flush RocksDB on every exactly-once
 * commit (every 100 ms while {@code chunk-shipped} events arrive).
 */
public final class ReplicaStateTopology {

    public static final List<String> INPUT_TOPICS = List.of(
            Topics.SNAPSHOT_TAKEN, Topics.BLOCKS_CHANGED, Topics.REPLICA_APPLIED, Topics.VOLUME_FROZEN,
            Topics.CHUNK_SHIPPED);
    public static final String OUTPUT_TOPIC = Topics.REPLICA_STATE;
    public static final String DEAD_LETTER_TOPIC = Topics.DEAD_LETTER;
    /** Volume id to {@link VolumeAggregate}. */
    public static final String STORE = "replica-state-store";
    public static final String SERVICE = "placement-service";

    private static final String BRANCH = "events-";
    private static final String VALID = "valid";
    private static final String MALFORMED = "malformed";

    private ReplicaStateTopology() {
    }

    /** Adds the topology to {@code builder} for the placement service of {@code site}, and builds it. */
    public static Topology build(StreamsBuilder builder, String site) {
        addTo(builder, site);
        return builder.build();
    }

    /** The streams the topology offers the coordinator: every valid volume event, and each new replica state. */
    public record Streams(KStream<String, Event> events, KStream<String, ReplicaState> states) {
    }

    /** Adds the topology to {@code builder} for the placement service of {@code site}. */
    public static Streams addTo(StreamsBuilder builder, String site) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), new JsonSerde<>(VolumeAggregate.class)));

        Map<String, KStream<String, Parsed>> parsed = builder
                .stream(INPUT_TOPICS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-events"))
                .processValues(ParseEvent::new, Named.as("parse-events"))
                .split(Named.as(BRANCH))
                .branch((volumeId, record) -> record.isValid(), Branched.as(VALID))
                .defaultBranch(Branched.as(MALFORMED));

        parsed.get(BRANCH + MALFORMED)
                .mapValues(Parsed::payload, Named.as("original-payload"))
                .to(DEAD_LETTER_TOPIC, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-dead-letter"));

        String source = CloudEvents.source(site, SERVICE);
        KStream<String, Event> events = parsed.get(BRANCH + VALID).mapValues(Parsed::event, Named.as("valid-event"));
        KStream<String, ReplicaState> states = events
                .processValues(() -> new FoldReplicaState(source), Named.as("fold-replica-state"), STORE);
        states.to(OUTPUT_TOPIC, Produced.with(Serdes.String(), EventSerde.of(ReplicaState.class))
                .withName("write-replica-state"));
        return new Streams(events, states);
    }
}
