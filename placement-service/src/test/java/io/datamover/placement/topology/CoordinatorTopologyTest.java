package io.datamover.placement.topology;

import static io.datamover.placement.VolumeEvents.T0;
import static io.datamover.placement.VolumeEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DeadLetters;
import io.datamover.events.DecisionType;
import io.datamover.events.Event;
import io.datamover.events.EventJson;
import io.datamover.events.EventSerde;
import io.datamover.events.EventType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.events.Topics;
import io.datamover.events.Versions;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.SiteLimits;
import io.datamover.placement.domain.SitePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's rules, driven through the whole placement topology: site metrics and heartbeats every 5 s, volume
 * events as the services emit them, and the wall clock moved by hand. Sites must keep 10 kW of power and cooling
 * headroom, recover by 5 kW more, and a shortage must last 30 s; metrics older than 20 s are stale.
 */
class CoordinatorTopologyTest {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";
    private static final String LULEA = "lulea";
    private static final double HEALTHY = 40;
    private static final double SHORT = 2;
    /** Above the minimum headroom of 10 kW, but by less than the hysteresis of 5 kW. */
    private static final double IN_BAND = 12;
    private static final SitePolicy POLICY = new SitePolicy(
            Map.of(STOCKHOLM, limits(), FALKENBERG, limits(), LULEA, limits()),
            Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Map.of("webshop", 10, "analytics", 1));

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final VolumeEvents pgWal = new VolumeEvents("pg-wal");
    private final VolumeEvents reports = new VolumeEvents("reports");
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private final Map<String, TopologyTestDriver> bySite = new LinkedHashMap<>();
    private long clockSeconds;

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void shouldSwitchOverTheGroupWhenTheShortageLastsPastTheHoldTime() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 25; second += 5) {
            report(second, SHORT, HEALTHY, Double.NaN);
        }
        assertThat(decisions(STOCKHOLM)).isEmpty();
        report(30, SHORT, HEALTHY, Double.NaN);

        List<PlacementDecision> decided = decisions(STOCKHOLM);
        assertThat(decided).hasSize(1);
        PlacementDecision decision = decided.get(0);
        assertThat(decision.type()).isEqualTo(DecisionType.SWITCHOVER);
        assertThat(decision.step()).isEqualTo(Decision.TRIGGERED);
        assertThat(decision.groupId()).isEqualTo("webshop");
        assertThat(decision.volumeIds()).containsExactly("pg-data", "pg-wal");
        assertThat(decision.fromSite()).isEqualTo(STOCKHOLM);
        assertThat(decision.site()).isEqualTo(FALKENBERG);
        assertThat(decision.cause()).contains("cooling headroom 2.0 kW below 10.0 kW").contains("for 30 s")
                .contains("falkenberg chosen");
    }

    @Test
    void shouldTriggerOnTheWallClockWhenNoFurtherReadingArrives() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        report(0, SHORT, HEALTHY, Double.NaN);
        report(20, SHORT, HEALTHY, Double.NaN);

        moveClockTo(31);

        assertThat(decisions(STOCKHOLM)).extracting(PlacementDecision::site).containsExactly(FALKENBERG);
    }

    @Test
    void shouldMoveNothingWhenTheShortageEndsBeforeTheHoldTime() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        report(0, SHORT, HEALTHY, Double.NaN);
        report(20, SHORT, HEALTHY, Double.NaN);
        for (long second = 25; second <= 90; second += 5) {
            report(second, HEALTHY, HEALTHY, Double.NaN);
        }

        assertThat(decisions(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldMoveNothingWhileTheMetricFlapsBetweenShortAndRecovered() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 180; second += 5) {
            report(second, second % 20 < 10 ? SHORT : HEALTHY, HEALTHY, Double.NaN);
        }

        assertThat(decisions(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldMoveTheGroupOnceWhenTheMetricHoversAtItsThreshold() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 180; second += 5) {
            report(second, second % 10 == 0 ? SHORT : IN_BAND, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> decided = decisions(STOCKHOLM);
        assertThat(decided).hasSize(1);
        assertThat(decided.get(0).site()).isEqualTo(FALKENBERG);
    }

    @Test
    void shouldTriggerNothingOnStaleMetrics() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        report(0, SHORT, HEALTHY, Double.NaN);
        report(5, SHORT, HEALTHY, Double.NaN);

        for (long second = 10; second <= 200; second += 5) {
            moveClockTo(second);
            heartbeat(STOCKHOLM);
            heartbeat(FALKENBERG);
            metrics(FALKENBERG, HEALTHY);
        }

        assertThat(decisions(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldStartTheHoldTimeOverAfterAGapInTheMetrics() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        report(0, SHORT, HEALTHY, Double.NaN);
        for (long second = 5; second <= 100; second += 5) {
            moveClockTo(second);
            heartbeat(STOCKHOLM);
            heartbeat(FALKENBERG);
            metrics(FALKENBERG, HEALTHY);
        }

        for (long second = 105; second <= 130; second += 5) {
            report(second, SHORT, HEALTHY, Double.NaN);
        }
        assertThat(decisions(STOCKHOLM)).isEmpty();
        report(135, SHORT, HEALTHY, Double.NaN);

        assertThat(decisions(STOCKHOLM)).extracting(PlacementDecision::cause)
                .singleElement().asString().contains("for 30 s");
    }

    @Test
    void shouldNeverChooseATargetWithoutHeadroomAndSaySoWhenNoneHasIt() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            report(second, SHORT, IN_BAND - 5, HEALTHY);
        }

        PlacementDecision decision = decisions(STOCKHOLM).get(0);
        assertThat(decision.step()).isEqualTo(Decision.NO_TARGET);
        assertThat(decision.site()).isEqualTo(STOCKHOLM);
        assertThat(decision.cause()).contains("no site can take the group")
                .contains("falkenberg: short of headroom, cooling headroom 7.0 kW below 10.0 kW")
                .contains("lulea: holds no consistent replica");
    }

    @Test
    void shouldMoveAGroupThatWaitedForATargetOnceOneHasHeadroomAgain() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 30; second += 5) {
            report(second, SHORT, SHORT, Double.NaN);
        }
        PlacementDecision waiting = decisions(STOCKHOLM).get(0);

        for (long second = 35; second <= 60; second += 5) {
            report(second, SHORT, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> later = decisions(STOCKHOLM);
        assertThat(waiting.step()).isEqualTo(Decision.NO_TARGET);
        assertThat(later).singleElement().satisfies(moved -> {
            assertThat(moved.decisionId()).isEqualTo(waiting.decisionId());
            assertThat(moved.step()).isEqualTo(Decision.TRIGGERED);
            assertThat(moved.site()).isEqualTo(FALKENBERG);
        });
    }

    @Test
    void shouldCancelAWaitingDecisionWhenTheShortageEnds() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 30; second += 5) {
            report(second, SHORT, SHORT, Double.NaN);
        }
        String waiting = decisions(STOCKHOLM).get(0).decisionId();

        report(35, HEALTHY, SHORT, Double.NaN);

        assertThat(decisions(STOCKHOLM)).singleElement().satisfies(cancelled -> {
            assertThat(cancelled.decisionId()).isEqualTo(waiting);
            assertThat(cancelled.step()).isEqualTo(Decision.CANCELLED);
        });
    }

    @Test
    void shouldNotChooseASiteThatIsSilentOrHasStaleMetricsOrNoReplicaOfEveryVolume() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        replicate("webshop", LULEA, pgData);

        for (long second = 0; second <= 30; second += 5) {
            moveClockTo(second);
            heartbeat(STOCKHOLM);
            metrics(STOCKHOLM, SHORT);
            metrics(FALKENBERG, HEALTHY);
            heartbeat(LULEA);
            metrics(LULEA, HEALTHY);
        }

        assertThat(decisions(STOCKHOLM)).singleElement().satisfies(decision -> {
            assertThat(decision.step()).isEqualTo(Decision.NO_TARGET);
            assertThat(decision.cause()).contains("falkenberg: no heartbeat received")
                    .contains("lulea: holds no consistent replica");
        });
    }

    @Test
    void shouldChooseTheTargetWithTheMostHeadroom() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        replicate("webshop", LULEA, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            report(second, SHORT, 20, 30);
        }

        assertThat(decisions(STOCKHOLM)).singleElement().satisfies(decision -> {
            assertThat(decision.site()).isEqualTo(LULEA);
            assertThat(decision.cause()).contains("lulea chosen with 20.0 kW above its minimum headroom");
        });
    }

    @Test
    void shouldMoveGroupsInTheOrderOfTheirPriority() {
        start(STOCKHOLM);
        replicate("analytics", FALKENBERG, reports);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            report(second, SHORT, HEALTHY, Double.NaN);
        }

        assertThat(decisions(STOCKHOLM)).extracting(PlacementDecision::groupId).containsExactly("webshop", "analytics");
    }

    @Test
    void shouldLetEachShortSiteMoveItsOwnGroupsToTheSiteThatStillHasHeadroom() {
        start(STOCKHOLM);
        start(FALKENBERG);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        replicate("webshop", LULEA, pgData, pgWal);
        replicateFrom(FALKENBERG, "analytics", LULEA, reports);
        replicateFrom(FALKENBERG, "analytics", STOCKHOLM, reports);

        for (long second = 0; second <= 30; second += 5) {
            report(second, SHORT, SHORT, HEALTHY);
        }

        assertThat(decisions(STOCKHOLM)).singleElement().satisfies(decision -> {
            assertThat(decision.groupId()).isEqualTo("webshop");
            assertThat(decision.site()).isEqualTo(LULEA);
        });
        assertThat(decisions(FALKENBERG)).singleElement().satisfies(decision -> {
            assertThat(decision.groupId()).isEqualTo("analytics");
            assertThat(decision.fromSite()).isEqualTo(FALKENBERG);
            assertThat(decision.site()).isEqualTo(LULEA);
        });
    }

    @Test
    void shouldDeadLetterMetricsWithNegativeOrMissingValuesAndMoveNothing() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);
        String valid = json(metricsEvent(STOCKHOLM, at(0), 100 - SHORT));
        String negative = valid.replace("\"heatLoadKw\":98.0", "\"heatLoadKw\":-5.0");
        String missing = valid.replace(",\"heatLoadKw\":98.0", "");
        assertThat(negative).isNotEqualTo(valid);
        assertThat(missing).isNotEqualTo(valid);

        for (long second = 0; second <= 60; second += 5) {
            moveClockTo(second);
            heartbeat(STOCKHOLM);
            heartbeat(FALKENBERG);
            metrics(FALKENBERG, HEALTHY);
            pipe(STOCKHOLM, Topics.SITE_METRICS, STOCKHOLM, (second % 10 == 0 ? negative : missing)
                    .getBytes(StandardCharsets.UTF_8));
        }

        List<TestRecord<String, byte[]>> dead = deadLetters(STOCKHOLM);
        assertThat(dead).hasSize(13);
        assertThat(reason(dead.get(0))).contains("heatLoadKw").contains("-5.0");
        assertThat(reason(dead.get(1))).contains("heatLoadKw");
        assertThat(decisions(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldDeadLetterMetricsOfAnUnknownSiteOrFromTheFuture() {
        start(STOCKHOLM);
        replicate("webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 60; second += 5) {
            moveClockTo(second);
            heartbeat(STOCKHOLM);
            heartbeat(FALKENBERG);
            metrics(FALKENBERG, HEALTHY);
            send(STOCKHOLM, metricsEvent(STOCKHOLM, at(second + 3600), 100 - SHORT));
            send(STOCKHOLM, metricsEvent("kiruna", at(second), 100 - SHORT));
        }

        List<TestRecord<String, byte[]>> dead = deadLetters(STOCKHOLM);
        assertThat(dead).hasSize(26);
        assertThat(reason(dead.get(0))).contains("3600 s ahead of placement's clock");
        assertThat(reason(dead.get(1))).contains("site 'kiruna' is not one of the known sites");
        assertThat(header(dead.get(1).headers().lastHeader(DeadLetters.TOPIC))).isEqualTo(Topics.SITE_METRICS);
        assertThat(decisions(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldLeaveTheDecisionsOfOtherSitesShortagesToThoseSites() {
        start(STOCKHOLM);
        replicateFrom(FALKENBERG, "analytics", STOCKHOLM, reports);

        for (long second = 0; second <= 60; second += 5) {
            report(second, HEALTHY, SHORT, Double.NaN);
        }

        assertThat(decisions(STOCKHOLM)).isEmpty();
    }

    private static SiteLimits limits() {
        return new SiteLimits(10, 10, 5);
    }

    private void start(String site) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "placement-" + site);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopologyTestDriver driver = new TopologyTestDriver(PlacementTopology.build(new StreamsBuilder(), site, POLICY,
                Duration.ofSeconds(1)), config, T0);
        drivers.add(driver);
        bySite.put(site, driver);
    }

    /** Snapshot 1 of each volume taken at stockholm for the group and applied at {@code target}. */
    private void replicate(String group, String target, VolumeEvents... volumes) {
        replicateFrom(STOCKHOLM, group, target, volumes);
    }

    private void replicateFrom(String primary, String group, String target, VolumeEvents... volumes) {
        for (VolumeEvents volume : volumes) {
            sendToAll(volume.groupSnapshotTaken(group, primary, 1, at(clockSeconds), target));
            sendToAll(volume.replicaApplied(target, primary, 1, at(clockSeconds), at(clockSeconds)));
        }
    }

    /** At {@code second}: a heartbeat of every site, and the cooling headroom of each site (NaN: none reported). */
    private void report(long second, double stockholm, double falkenberg, double lulea) {
        moveClockTo(second);
        double[] headroom = {stockholm, falkenberg, lulea};
        String[] sites = {STOCKHOLM, FALKENBERG, LULEA};
        for (int i = 0; i < sites.length; i++) {
            if (!Double.isNaN(headroom[i])) {
                heartbeat(sites[i]);
                metrics(sites[i], headroom[i]);
            }
        }
    }

    private void moveClockTo(long second) {
        if (second > clockSeconds) {
            for (TopologyTestDriver driver : drivers) {
                driver.advanceWallClockTime(Duration.ofSeconds(second - clockSeconds));
            }
            clockSeconds = second;
        }
    }

    private void metrics(String site, double coolingHeadroomKw) {
        sendToAll(metricsEvent(site, at(clockSeconds), 100 - coolingHeadroomKw));
    }

    /** Power: 200 kW available, 100 kW drawn; cooling: 100 kW capacity and {@code heatLoadKw}. */
    private static SiteMetrics metricsEvent(String site, Instant at, double heatLoadKw) {
        return new SiteMetrics(Versions.CURRENT, UUID.randomUUID().toString(), at, site, 200, 100, 100, heatLoadKw);
    }

    private void heartbeat(String site) {
        sendToAll(new SiteHeartbeat(Versions.CURRENT, UUID.randomUUID().toString(), at(clockSeconds), site,
                "transfer-service"));
    }

    private void sendToAll(Event event) {
        bySite.keySet().forEach(site -> send(site, event));
    }

    private void send(String site, Event event) {
        pipe(site, EventType.of(event.getClass()).topic(), event.key(), EventJson.write(event));
    }

    private void pipe(String site, String topic, String key, byte[] value) {
        bySite.get(site).createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, value, at(clockSeconds));
    }

    private List<PlacementDecision> decisions(String site) {
        TestOutputTopic<String, PlacementDecision> topic = bySite.get(site).createOutputTopic(
                CoordinatorTopology.OUTPUT_TOPIC, new StringDeserializer(), EventSerde.of(PlacementDecision.class));
        return topic.readValuesToList();
    }

    private List<TestRecord<String, byte[]>> deadLetters(String site) {
        return bySite.get(site).createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
    }

    private static String json(Event event) {
        return new String(EventJson.write(event), StandardCharsets.UTF_8);
    }

    private static String reason(TestRecord<String, byte[]> record) {
        return header(record.headers().lastHeader(DeadLetters.REASON));
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
