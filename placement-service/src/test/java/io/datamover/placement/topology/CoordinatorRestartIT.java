package io.datamover.placement.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.CloudEvents;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaState;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.events.Topics;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.SiteLimits;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator restarted in the middle of a switchover, against the real broker under exactly-once: its stores are
 * in memory and the new instance has a state dir of its own, so what it knows after the restart comes from its
 * changelogs. It resumes the decision where it
 * stood, or aborts it when the deadline passed while it was down; it never starts a second one. The shortage begins
 * once the coordinator knows both volumes of the group, as it would for a group replicated for some time.
 */
class CoordinatorRestartIT {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";

    @TempDir
    Path stateDirs;

    private final String group = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    private final VolumeEvents data = new VolumeEvents(group + "-data");
    private final VolumeEvents wal = new VolumeEvents(group + "-wal");
    private final String applicationId = "placement-restart-" + group;
    private EventPublisher publisher;
    private ScheduledExecutorService reporter;
    private TopicReader decisions;
    private KafkaStreams streams;
    private final AtomicBoolean stockholmShort = new AtomicBoolean();

    @BeforeEach
    void publishTheGroupAndTheSites() {
        publisher = new EventPublisher(SharedKafka.bootstrapServers(), CloudEvents.source(STOCKHOLM, "test"));
        decisions = TopicReader.fromBeginning(Topics.PLACEMENT_DECISION, record -> group.equals(record.key()));
        Instant now = Instant.now();
        for (VolumeEvents volume : List.of(data, wal)) {
            publisher.publish(volume.groupSnapshotTaken(group, STOCKHOLM, 1, now, FALKENBERG));
            publisher.publish(volume.replicaApplied(FALKENBERG, STOCKHOLM, 1, now, now));
        }
        reporter = Executors.newSingleThreadScheduledExecutor();
        reporter.scheduleAtFixedRate(() -> {
            publisher.publish(SiteMetrics.of(STOCKHOLM, 200, 100, 100, stockholmShort.get() ? 98 : 50));
            publisher.publish(SiteMetrics.of(FALKENBERG, 200, 100, 100, 50));
            publisher.publish(SiteHeartbeat.of(STOCKHOLM, "snapshot-service"));
            publisher.publish(SiteHeartbeat.of(FALKENBERG, "transfer-service"));
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        reporter.shutdownNow();
        reporter.awaitTermination(10, TimeUnit.SECONDS);
        decisions.close();
        publisher.close();
    }

    @Test
    void shouldResumeTheSwitchoverWhereItStoodAfterARestart() {
        SitePolicy policy = policy(Duration.ofMinutes(5));
        startWithAShortageAtStockholm(policy);
        String decisionId = await(Decision.FREEZE).decisionId();
        publishFinalSnapshots(decisionId);
        await(Decision.FINAL_SNAPSHOT);

        restart(policy);
        for (VolumeEvents volume : List.of(data, wal)) {
            publisher.publish(volume.replicaApplied(FALKENBERG, STOCKHOLM, 2, Instant.now(), Instant.now()));
        }

        PlacementDecision commit = await(Decision.COMMIT);
        assertThat(commit.decisionId()).isEqualTo(decisionId);
        for (VolumeEvents volume : List.of(data, wal)) {
            publisher.publish(volume.thawedFor(decisionId, FALKENBERG, Instant.now()));
        }
        assertThat(await(Decision.COMMITTED).decisionId()).isEqualTo(decisionId);
        assertThat(steps(decisionId)).containsExactly(Decision.TRIGGERED, Decision.FREEZE, Decision.FINAL_SNAPSHOT,
                Decision.COMMIT, Decision.COMMITTED);
        assertThat(decisions.events(PlacementDecision.class, d -> !d.decisionId().equals(decisionId)))
                .as("no second decision about the group").isEmpty();
    }

    @Test
    void shouldAbortTheSwitchoverWhoseDeadlinePassedWhileTheCoordinatorWasDown() {
        SitePolicy policy = policy(Duration.ofSeconds(3));
        startWithAShortageAtStockholm(policy);
        String decisionId = await(Decision.FREEZE).decisionId();
        publishFinalSnapshots(decisionId);
        await(Decision.FINAL_SNAPSHOT);

        restart(policy);

        PlacementDecision abort = await(Decision.ABORT);
        assertThat(abort.decisionId()).isEqualTo(decisionId);
        assertThat(abort.type()).isEqualTo(DecisionType.ABORT);
        assertThat(abort.cause()).contains("deadline").contains("not applied at falkenberg");
        for (VolumeEvents volume : List.of(data, wal)) {
            publisher.publish(volume.thawedFor(decisionId, STOCKHOLM, Instant.now()));
        }
        assertThat(await(Decision.ABORTED).decisionId()).isEqualTo(decisionId);
        assertThat(steps(decisionId)).doesNotContain(Decision.COMMIT);
    }

    /** Starts the coordinator, and once it knows both volumes of the group, makes stockholm short of cooling. */
    private void startWithAShortageAtStockholm(SitePolicy policy) {
        try (TopicReader states = TopicReader.fromBeginning(Topics.REPLICA_STATE,
                record -> record.key().startsWith(group))) {
            start(policy, "first");
            for (VolumeEvents volume : List.of(data, wal)) {
                states.awaitEvent(ReplicaState.class, state -> state.volumeId().equals(volume.volumeId())
                        && state.replicas().containsKey(FALKENBERG)
                        && state.replicas().get(FALKENBERG).consistentSnapshot() != null);
            }
        }
        stockholmShort.set(true);
    }

    /**
     * A heartbeat timeout of 5 s, ten of the reporter's intervals: an instance judges nothing until it has been
     * caught up that long, after each start.
     */
    private static SitePolicy policy(Duration deadline) {
        SiteLimits limits = new SiteLimits(10, 10, 5);
        return new SitePolicy(Map.of(STOCKHOLM, limits, FALKENBERG, limits), Duration.ofSeconds(1),
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(30), Map.of(), deadline,
                Duration.ofSeconds(30));
    }

    private void publishFinalSnapshots(String decisionId) {
        for (VolumeEvents volume : List.of(data, wal)) {
            publisher.publish(volume.finalSnapshotTaken(decisionId, group, STOCKHOLM, 2, Instant.now(), FALKENBERG));
        }
    }

    /**
     * Stops the coordinator and starts a new one in another state dir: it must rebuild from its changelogs. The old
     * one leaves the group, so that the new one need not wait for its session to expire: Kafka Streams 4.1 leaves
     * only as a static member, hence the instance id per state dir.
     */
    private void restart(SitePolicy policy) {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        streams = null;
        start(policy, "second");
    }

    private void start(SitePolicy policy, String stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve(stateDir).toString());
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                applicationId + "-" + stateDir);
        streams = new KafkaStreams(PlacementTopology.build(new StreamsBuilder(), STOCKHOLM, policy,
                Duration.ofMillis(200)), config);
        streams.start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    private PlacementDecision await(String step) {
        return decisions.awaitEvent(PlacementDecision.class, d -> d.step().equals(step));
    }

    private List<String> steps(String decisionId) {
        return decisions.events(PlacementDecision.class, d -> d.decisionId().equals(decisionId)).stream()
                .map(PlacementDecision::step).toList();
    }
}
