package io.datamover.placement.topology;

import static io.datamover.placement.VolumeEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DeadLetters;
import io.datamover.events.Event;
import io.datamover.events.EventJson;
import io.datamover.events.EventSerde;
import io.datamover.events.EventType;
import io.datamover.events.ReplicaHealth;
import io.datamover.events.ReplicaState;
import io.datamover.events.Topics;
import io.datamover.events.TransferProgress;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.VolumeAggregate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicaStateTopologyTest {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final VolumeEvents redis = new VolumeEvents("redis");
    private TopologyTestDriver driver;
    private TestOutputTopic<String, ReplicaState> replicaState;
    private TestOutputTopic<String, byte[]> deadLetter;

    @BeforeEach
    void startDriver() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "placement-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ReplicaStateTopology.build(new StreamsBuilder(), STOCKHOLM), config);
        replicaState = driver.createOutputTopic(ReplicaStateTopology.OUTPUT_TOPIC, new StringDeserializer(),
                EventSerde.of(ReplicaState.class));
        deadLetter = driver.createOutputTopic(ReplicaStateTopology.DEAD_LETTER_TOPIC, new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldFoldEventsOfEveryInputTopicIntoTheVolumesReplicaState() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.blocksChanged(STOCKHOLM, 1, 1000, at(0), FALKENBERG));
        send(pgData.volumeFrozen(FALKENBERG, true, at(2)));
        send(pgData.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG));
        send(pgData.blocksChanged(STOCKHOLM, 2, 300, at(60), FALKENBERG));
        send(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(62)));
        send(pgData.volumeFrozen(FALKENBERG, false, at(63)));

        ReplicaState state = replicaState.readKeyValuesToMap().get("pg-data");

        assertThat(state.primarySite()).isEqualTo(STOCKHOLM);
        assertThat(state.latestSnapshot()).isEqualTo(2L);
        assertThat(state.replicas().get(FALKENBERG).consistentSnapshot()).isEqualTo(1L);
        assertThat(state.replicas().get(FALKENBERG).lagBytes()).isEqualTo(300);
        assertThat(state.replicas().get(FALKENBERG).lagSeconds()).isEqualTo(60);
        assertThat(state.replicas().get(FALKENBERG).state()).isEqualTo(ReplicaHealth.REPLICATING);
    }

    @Test
    void shouldKeyTheCompactedOutputByVolumeAndKeepTheAggregateInTheStore() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(redis.snapshotTaken(STOCKHOLM, 7, at(0), FALKENBERG));
        send(pgData.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG));

        Map<String, ReplicaState> latest = replicaState.readKeyValuesToMap();
        KeyValueStore<String, VolumeAggregate> store = driver.getKeyValueStore(ReplicaStateTopology.STORE);

        assertThat(latest).containsOnlyKeys("pg-data", "redis");
        assertThat(latest.get("pg-data").latestSnapshot()).isEqualTo(2L);
        assertThat(latest.get("redis").latestSnapshot()).isEqualTo(7L);
        assertThat(store.get("pg-data").latestSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldEmitNothingForAnEventThatChangesNothing() {
        var snapshot = pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG);
        send(snapshot);
        send(snapshot);

        assertThat(replicaState.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldWriteReplicaStateWithCloudEventsHeadersOfPlacement() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));

        TestRecord<String, ReplicaState> record = replicaState.readRecord();

        assertThat(header(record.headers().lastHeader("ce_type"))).isEqualTo("io.datamover.replica-state");
        assertThat(header(record.headers().lastHeader("ce_source"))).isEqualTo("/sites/stockholm/placement-service");
    }

    @Test
    void shouldRouteMalformedEventToDeadLetterTopicAndGoOnWithTheNextEvent() {
        byte[] malformed = "{\"volumeId\": \"pg-data\", \"snapshot\": -1}".getBytes(StandardCharsets.UTF_8);
        TestInputTopic<String, byte[]> snapshots = input(Topics.SNAPSHOT_TAKEN);
        snapshots.pipeInput(new TestRecord<>("pg-data", malformed, new RecordHeaders().add("ce_id", bytes("x1"))));
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));

        TestRecord<String, byte[]> dead = deadLetter.readRecord();

        assertThat(dead.key()).isEqualTo("pg-data");
        assertThat(dead.value()).isEqualTo(malformed);
        assertThat(header(dead.headers().lastHeader(DeadLetters.REASON))).startsWith("malformed snapshot-taken event:");
        assertThat(header(dead.headers().lastHeader(DeadLetters.TOPIC))).isEqualTo(Topics.SNAPSHOT_TAKEN);
        assertThat(header(dead.headers().lastHeader(DeadLetters.PARTITION))).isEqualTo("0");
        assertThat(header(dead.headers().lastHeader(DeadLetters.OFFSET))).isEqualTo("0");
        assertThat(header(dead.headers().lastHeader("ce_id"))).isEqualTo("x1");
        assertThat(deadLetter.isEmpty()).isTrue();
        assertThat(replicaState.readKeyValuesToMap().get("pg-data").latestSnapshot()).isEqualTo(1L);
    }

    @Test
    void shouldRouteAnEventUnderAnotherVolumesKeyToDeadLetterTopic() {
        input(Topics.REPLICA_APPLIED).pipeInput("redis",
                EventJson.write(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(5))));

        assertThat(header(deadLetter.readRecord().headers().lastHeader(DeadLetters.REASON)))
                .isEqualTo("record key 'redis' is not the event's key 'pg-data'");
        assertThat(replicaState.isEmpty()).isTrue();
    }

    @Test
    void shouldShowTheRateAndTimeToGoOfATransferFromItsChunksOnceTwoArrived() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.chunkShipped(FALKENBERG, 1, 0, 64 * MIB, GIB, at(10)));
        send(pgData.chunkShipped(FALKENBERG, 1, 5, 384 * MIB, GIB, at(20)));

        List<ReplicaState> states = replicaState.readValuesToList();
        TransferProgress first = transferTo(states.get(1));
        TransferProgress latest = transferTo(states.get(2));

        assertThat(first).isEqualTo(new TransferProgress(1, 64 * MIB, GIB, null, null, at(10), at(10)));
        assertThat(latest).isEqualTo(new TransferProgress(1, 384 * MIB, GIB, 32 * MIB, 20L, at(10), at(20)));
    }

    @Test
    void shouldClearTheTransferWhenTheReplicaAppliesItsSnapshot() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.chunkShipped(FALKENBERG, 1, 0, 512 * MIB, GIB, at(10)));
        send(pgData.chunkShipped(FALKENBERG, 1, 15, GIB, GIB, at(20)));
        send(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(22)));

        ReplicaState state = replicaState.readKeyValuesToMap().get("pg-data");

        assertThat(state.replicas().get(FALKENBERG).consistentSnapshot()).isEqualTo(1L);
        assertThat(transferTo(state)).isNull();
    }

    @Test
    void shouldNeverMoveBytesDoneBackOnALateOrRepeatedChunk() {
        var furthest = pgData.chunkShipped(FALKENBERG, 1, 9, 600 * MIB, GIB, at(30));
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.chunkShipped(FALKENBERG, 1, 0, 100 * MIB, GIB, at(10)));
        send(furthest);
        send(pgData.chunkShipped(FALKENBERG, 1, 4, 300 * MIB, GIB, at(20)));
        send(furthest);

        List<ReplicaState> states = replicaState.readValuesToList();

        assertThat(states).hasSize(3);
        assertThat(transferTo(states.get(2)))
                .isEqualTo(new TransferProgress(1, 600 * MIB, GIB, 25 * MIB, 17L, at(10), at(30)));
    }

    @Test
    void shouldStartAfreshWhenAChunkOfANewerSnapshotArrivesAndIgnoreTheOlderOnesAfter() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.chunkShipped(FALKENBERG, 1, 0, 100 * MIB, GIB, at(10)));
        send(pgData.chunkShipped(FALKENBERG, 2, 0, 8 * MIB, 80 * MIB, at(70)));
        send(pgData.chunkShipped(FALKENBERG, 1, 3, 400 * MIB, GIB, at(71)));

        List<ReplicaState> states = replicaState.readValuesToList();

        assertThat(states).hasSize(3);
        assertThat(transferTo(states.get(2)))
                .isEqualTo(new TransferProgress(2, 8 * MIB, 80 * MIB, null, null, at(70), at(70)));
    }

    @Test
    void shouldIgnoreALateChunkOfASnapshotTheReplicaHolds() {
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(22)));
        send(pgData.chunkShipped(FALKENBERG, 1, 15, GIB, GIB, at(20)));

        assertThat(replicaState.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldCreateNoVolumeAndEmitNothingForAChunkOfAVolumeItDoesNotKnow() {
        send(redis.chunkShipped(FALKENBERG, 7, 0, MIB, GIB, at(10)));
        send(pgData.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        send(pgData.chunkShipped("visby", 1, 0, MIB, GIB, at(10)));

        KeyValueStore<String, VolumeAggregate> store = driver.getKeyValueStore(ReplicaStateTopology.STORE);

        assertThat(replicaState.readKeyValuesToMap()).containsOnlyKeys("pg-data");
        assertThat(store.get("redis")).isNull();
        assertThat(store.get("pg-data").replicas()).containsOnlyKeys(FALKENBERG);
        assertThat(deadLetter.isEmpty()).isTrue();
    }

    private static TransferProgress transferTo(ReplicaState state) {
        return state.replicas().get(FALKENBERG).transfer();
    }

    private void send(Event event) {
        input(EventType.of(event.getClass()).topic()).pipeInput(event.key(), EventJson.write(event));
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    private static String header(Header header) {
        assertThat(header).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
