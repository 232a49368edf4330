package io.datamover.placement.topology;

import io.datamover.events.EventSerde;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaState;
import io.datamover.events.Topics;
import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.domain.SiteRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's part of the placement topology: site-metrics and site-heartbeat events (keyed by site) and
 * operators' switchover requests (keyed by group) are parsed and checked against the policy, malformed or
 * unacceptable ones dead-lettered with the reason; the valid ones, every new replica state and the volume events a
 * switchover's barrier waits for are re-keyed onto one partition, where {@link Coordinate} keeps the sites, the
 * volumes and its decisions, and publishes each step of a decision to {@link Topics#PLACEMENT_DECISION}.
 */
public final class CoordinatorTopology {

    /** Topics read by the coordinator alone, keyed by site or by group. */
    public static final List<String> INPUT_TOPICS = List.of(Topics.SITE_METRICS, Topics.SITE_HEARTBEAT,
            Topics.SWITCHOVER_REQUESTED);
    public static final String OUTPUT_TOPIC = Topics.PLACEMENT_DECISION;
    /** Site id to {@link SiteRecord}. */
    public static final String SITE_STORE = "site-store";
    /** Volume id to its latest {@link ReplicaState}. */
    public static final String VOLUME_STORE = "coordinator-volume-store";
    /** Decision id to {@link Decision}. */
    public static final String DECISION_STORE = "decision-store";
    /** Name of the one-partition repartition topic that brings every input to the coordinator. */
    public static final String REPARTITION = "coordinator";

    private static final String KEY = "coordinator";
    private static final String BRANCH = "site-events-";
    private static final String VALID = "valid";
    private static final String MALFORMED = "malformed";

    private CoordinatorTopology() {
    }

    /**
     * Adds the coordinator for the placement service of {@code site}, fed also by the replica-state topology: each
     * new replica state, and the volume events a switchover's barrier waits for.
     */
    public static void addTo(StreamsBuilder builder, String site, SitePolicy policy, Duration evaluateInterval,
            ReplicaStateTopology.Streams volumes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SITE_STORE), Serdes.String(),
                new JsonSerde<>(SiteRecord.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VOLUME_STORE),
                Serdes.String(), EventSerde.of(ReplicaState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DECISION_STORE),
                Serdes.String(), new JsonSerde<>(Decision.class)));

        Map<String, KStream<String, Parsed>> siteEvents = builder
                .stream(INPUT_TOPICS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-site-events"))
                .processValues(ParseEvent::new, Named.as("parse-site-events"))
                .processValues(() -> new CheckSiteEvent(policy), Named.as("check-site-events"))
                .processValues(() -> new ThinHeartbeats(policy.heartbeatGate()), Named.as("thin-heartbeats"))
                .split(Named.as(BRANCH))
                .branch((key, record) -> record.isValid(), Branched.as(VALID))
                .defaultBranch(Branched.as(MALFORMED));

        siteEvents.get(BRANCH + MALFORMED)
                .mapValues(Parsed::payload, Named.as("site-event-payload"))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("write-site-dead-letter"));

        siteEvents.get(BRANCH + VALID)
                .mapValues(parsed -> Signal.of(parsed.event()), Named.as("site-signal"))
                .merge(volumes.states().mapValues(Signal::of, Named.as("replica-state-signal")),
                        Named.as("merge-replica-states"))
                .merge(volumes.events().filter((key, event) -> Coordinate.isBarrierEvent(event),
                        Named.as("barrier-events")).mapValues(Signal::of, Named.as("barrier-signal")),
                        Named.as("merge-barrier-events"))
                .selectKey((key, signal) -> KEY, Named.as("key-for-coordinator"))
                .repartition(Repartitioned.<String, Signal>as(REPARTITION).withKeySerde(Serdes.String())
                        .withValueSerde(new JsonSerde<>(Signal.class)).withNumberOfPartitions(1))
                .process(() -> new Coordinate(site, policy, evaluateInterval), Named.as("coordinate"), SITE_STORE,
                        VOLUME_STORE, DECISION_STORE)
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), EventSerde.of(PlacementDecision.class))
                        .withName("write-placement-decision"));
    }
}
