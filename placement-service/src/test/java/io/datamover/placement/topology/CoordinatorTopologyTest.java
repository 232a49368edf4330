package io.datamover.placement.topology;

import static io.datamover.placement.VolumeEvents.at;
import static io.datamover.placement.topology.SiteDrivers.FALKENBERG;
import static io.datamover.placement.topology.SiteDrivers.HEALTHY;
import static io.datamover.placement.topology.SiteDrivers.IN_BAND;
import static io.datamover.placement.topology.SiteDrivers.LULEA;
import static io.datamover.placement.topology.SiteDrivers.SHORT;
import static io.datamover.placement.topology.SiteDrivers.STOCKHOLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DeadLetters;
import io.datamover.events.DecisionType;
import io.datamover.events.Event;
import io.datamover.events.EventJson;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Topics;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's rules, driven through the whole placement topology: site metrics and heartbeats every 5 s, volume
 * events as the services emit them, and the wall clock moved by hand (policy in {@link SiteDrivers}).
 */
class CoordinatorTopologyTest {

    private static final Set<String> TRIGGER_STEPS = Set.of(Decision.TRIGGERED,
            Decision.NO_TARGET, Decision.CANCELLED);

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final VolumeEvents pgWal = new VolumeEvents("pg-wal");
    private final VolumeEvents reports = new VolumeEvents("reports");
    private final SiteDrivers sites = new SiteDrivers();

    @AfterEach
    void closeDrivers() {
        sites.close();
    }

    @Test
    void shouldSwitchOverTheGroupWhenTheShortageLastsPastTheHoldTime() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 25; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }
        assertThat(triggers(STOCKHOLM)).isEmpty();
        sites.report(30, SHORT, HEALTHY, Double.NaN);

        List<PlacementDecision> decided = triggers(STOCKHOLM);
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
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 25; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }
        assertThat(triggers(STOCKHOLM)).isEmpty();

        sites.moveClockTo(31);

        assertThat(triggers(STOCKHOLM)).extracting(PlacementDecision::site).containsExactly(FALKENBERG);
    }

    @Test
    void shouldMoveNothingWhenTheShortageEndsBeforeTheHoldTime() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        sites.report(0, SHORT, HEALTHY, Double.NaN);
        sites.report(20, SHORT, HEALTHY, Double.NaN);
        for (long second = 25; second <= 90; second += 5) {
            sites.report(second, HEALTHY, HEALTHY, Double.NaN);
        }

        assertThat(triggers(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldMoveNothingWhileTheMetricFlapsBetweenShortAndRecovered() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 180; second += 5) {
            sites.report(second, second % 20 < 10 ? SHORT : HEALTHY, HEALTHY, Double.NaN);
        }

        assertThat(triggers(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldMoveTheGroupOnceWhenTheMetricHoversAtItsThreshold() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 180; second += 5) {
            sites.report(second, second % 10 == 0 ? SHORT : IN_BAND, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> decided = triggers(STOCKHOLM);
        assertThat(decided).hasSize(1);
        assertThat(decided.get(0).site()).isEqualTo(FALKENBERG);
    }

    @Test
    void shouldTakeOneHeartbeatOfASitePerQuarterOfTheTimeoutAndKeepItAlive() {
        sites.start(STOCKHOLM);
        sites.replicate(FALKENBERG, "webshop", STOCKHOLM, pgData, pgWal);

        for (long second = 0; second <= 60; second++) {
            sites.moveClockTo(second);
            sites.heartbeat(FALKENBERG);
            sites.heartbeat(STOCKHOLM);
        }

        assertThat(SiteDrivers.POLICY.heartbeatGate()).isEqualTo(Duration.ofMillis(3750));
        assertThat(sites.lastHeartbeat(STOCKHOLM, FALKENBERG)).as("taken at 0, 4, 8, ... 60 s")
                .isEqualTo(at(60));
        sites.moveClockTo(61);
        sites.heartbeat(FALKENBERG);
        sites.moveClockTo(63);
        sites.heartbeat(FALKENBERG);
        assertThat(sites.lastHeartbeat(STOCKHOLM, FALKENBERG)).as("63 s is within the gate of 60 s")
                .isEqualTo(at(60));
        assertThat(sites.decisions(STOCKHOLM)).as("falkenberg, the primary, never looked lost").isEmpty();
    }

    @Test
    void shouldTriggerNothingOnStaleMetrics() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        sites.report(0, SHORT, HEALTHY, Double.NaN);
        sites.report(5, SHORT, HEALTHY, Double.NaN);

        for (long second = 10; second <= 200; second += 5) {
            sites.moveClockTo(second);
            sites.heartbeat(STOCKHOLM);
            sites.heartbeat(FALKENBERG);
            sites.metrics(FALKENBERG, HEALTHY);
        }

        assertThat(triggers(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldStartTheHoldTimeOverAfterAGapInTheMetrics() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        sites.report(0, SHORT, HEALTHY, Double.NaN);
        for (long second = 5; second <= 100; second += 5) {
            sites.moveClockTo(second);
            sites.heartbeat(STOCKHOLM);
            sites.heartbeat(FALKENBERG);
            sites.metrics(FALKENBERG, HEALTHY);
        }

        for (long second = 105; second <= 130; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }
        assertThat(triggers(STOCKHOLM)).isEmpty();
        sites.report(135, SHORT, HEALTHY, Double.NaN);

        assertThat(triggers(STOCKHOLM)).extracting(PlacementDecision::cause)
                .singleElement().asString().contains("for 30 s");
    }

    @Test
    void shouldNeverChooseATargetWithoutHeadroomAndSaySoWhenNoneHasIt() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, IN_BAND - 5, HEALTHY);
        }

        PlacementDecision decision = triggers(STOCKHOLM).get(0);
        assertThat(decision.step()).isEqualTo(Decision.NO_TARGET);
        assertThat(decision.site()).isEqualTo(STOCKHOLM);
        assertThat(decision.cause()).contains("no site can take the group")
                .contains("falkenberg: short of headroom, cooling headroom 7.0 kW below 10.0 kW")
                .contains("lulea: holds no consistent replica");
    }

    @Test
    void shouldMoveAGroupThatWaitedForATargetOnceOneHasHeadroomAgain() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, SHORT, Double.NaN);
        }
        PlacementDecision waiting = triggers(STOCKHOLM).get(0);

        for (long second = 35; second <= 60; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> later = triggers(STOCKHOLM);
        assertThat(waiting.step()).isEqualTo(Decision.NO_TARGET);
        assertThat(later).singleElement().satisfies(moved -> {
            assertThat(moved.decisionId()).isEqualTo(waiting.decisionId());
            assertThat(moved.step()).isEqualTo(Decision.TRIGGERED);
            assertThat(moved.site()).isEqualTo(FALKENBERG);
        });
    }

    @Test
    void shouldCancelAWaitingDecisionWhenTheShortageEnds() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, SHORT, Double.NaN);
        }
        String waiting = triggers(STOCKHOLM).get(0).decisionId();

        sites.report(35, HEALTHY, SHORT, Double.NaN);

        assertThat(triggers(STOCKHOLM)).singleElement().satisfies(cancelled -> {
            assertThat(cancelled.decisionId()).isEqualTo(waiting);
            assertThat(cancelled.step()).isEqualTo(Decision.CANCELLED);
        });
    }

    @Test
    void shouldNotChooseASiteThatIsSilentOrHasStaleMetricsOrNoReplicaOfEveryVolume() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        sites.replicate(STOCKHOLM, "webshop", LULEA, pgData);

        for (long second = 0; second <= 30; second += 5) {
            sites.moveClockTo(second);
            sites.heartbeat(STOCKHOLM);
            sites.metrics(STOCKHOLM, SHORT);
            sites.metrics(FALKENBERG, HEALTHY);
            sites.heartbeat(LULEA);
            sites.metrics(LULEA, HEALTHY);
        }

        assertThat(triggers(STOCKHOLM)).singleElement().satisfies(decision -> {
            assertThat(decision.step()).isEqualTo(Decision.NO_TARGET);
            assertThat(decision.cause()).contains("falkenberg: no heartbeat received")
                    .contains("lulea: holds no consistent replica");
        });
    }

    @Test
    void shouldChooseTheTargetWithTheMostHeadroom() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        sites.replicate(STOCKHOLM, "webshop", LULEA, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, 20, 30);
        }

        assertThat(triggers(STOCKHOLM)).singleElement().satisfies(decision -> {
            assertThat(decision.site()).isEqualTo(LULEA);
            assertThat(decision.cause()).contains("lulea chosen with 20.0 kW above its minimum headroom");
        });
    }

    @Test
    void shouldMoveGroupsInTheOrderOfTheirPriority() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "analytics", FALKENBERG, reports);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }

        assertThat(triggers(STOCKHOLM)).extracting(PlacementDecision::groupId).containsExactly("webshop", "analytics");
    }

    @Test
    void shouldMoveTheGroupThatAnnouncedTheHigherPriorityFirst() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "billing", 3, FALKENBERG, pgData, pgWal);
        sites.replicate(STOCKHOLM, "crm", 1, FALKENBERG, reports);
        sites.sendToAll(reports.groupSnapshotTaken("crm", STOCKHOLM, 2, at(0), FALKENBERG).withGroupPriority(7));

        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> decided = triggers(STOCKHOLM);
        assertThat(decided).extracting(PlacementDecision::groupId).containsExactly("crm", "billing");
        assertThat(decided.get(0).cause()).contains("(priority 7)");
        assertThat(decided.get(1).cause()).contains("(priority 3)");
    }

    /**
     * The decision carries the announced priority, not the override: a site that takes the group over without a
     * definition of its own announces what the decision carries.
     */
    @Test
    void shouldLetTheConfiguredPriorityOverrideTheAnnouncedOneButCarryTheAnnouncedOneInEveryStep() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "billing", 5, FALKENBERG, reports);
        sites.replicate(STOCKHOLM, "webshop", -5, FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> steps = sites.decisions(STOCKHOLM);
        List<PlacementDecision> decided = steps.stream().filter(d -> TRIGGER_STEPS.contains(d.step())).toList();
        assertThat(decided).extracting(PlacementDecision::groupId).containsExactly("webshop", "billing");
        assertThat(decided.get(0).cause()).as("group-priorities.webshop is 10").contains("(priority 10)");
        assertThat(steps).filteredOn(d -> d.groupId().equals("webshop")).extracting(PlacementDecision::step)
                .containsExactly(Decision.TRIGGERED, Decision.FREEZE);
        assertThat(steps).allSatisfy(step -> assertThat(step.groupPriority()).as(step.groupId())
                .isEqualTo(step.groupId().equals("webshop") ? -5 : 5));
    }

    @Test
    void shouldLetEachShortSiteMoveItsOwnGroupsToTheSiteThatStillHasHeadroom() {
        sites.start(STOCKHOLM);
        sites.start(FALKENBERG);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        sites.replicate(STOCKHOLM, "webshop", LULEA, pgData, pgWal);
        sites.replicate(FALKENBERG, "analytics", LULEA, reports);
        sites.replicate(FALKENBERG, "analytics", STOCKHOLM, reports);

        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, SHORT, HEALTHY);
        }

        assertThat(triggers(STOCKHOLM)).singleElement().satisfies(decision -> {
            assertThat(decision.groupId()).isEqualTo("webshop");
            assertThat(decision.site()).isEqualTo(LULEA);
        });
        assertThat(triggers(FALKENBERG)).singleElement().satisfies(decision -> {
            assertThat(decision.groupId()).isEqualTo("analytics");
            assertThat(decision.fromSite()).isEqualTo(FALKENBERG);
            assertThat(decision.site()).isEqualTo(LULEA);
        });
    }

    @Test
    void shouldDeadLetterMetricsWithNegativeOrMissingValuesAndMoveNothing() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);
        String valid = json(SiteDrivers.metricsEvent(STOCKHOLM, at(0), 100 - SHORT));
        String negative = valid.replace("\"heatLoadKw\":98.0", "\"heatLoadKw\":-5.0");
        String missing = valid.replace(",\"heatLoadKw\":98.0", "");
        assertThat(negative).isNotEqualTo(valid);
        assertThat(missing).isNotEqualTo(valid);

        for (long second = 0; second <= 60; second += 5) {
            sites.moveClockTo(second);
            sites.heartbeat(STOCKHOLM);
            sites.heartbeat(FALKENBERG);
            sites.metrics(FALKENBERG, HEALTHY);
            sites.pipe(STOCKHOLM, Topics.SITE_METRICS, STOCKHOLM, (second % 10 == 0 ? negative : missing)
                    .getBytes(StandardCharsets.UTF_8));
        }

        List<TestRecord<String, byte[]>> dead = sites.deadLetters(STOCKHOLM);
        assertThat(dead).hasSize(13);
        assertThat(reason(dead.get(0))).contains("heatLoadKw").contains("-5.0");
        assertThat(reason(dead.get(1))).contains("heatLoadKw");
        assertThat(triggers(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldDeadLetterMetricsOfAnUnknownSiteOrFromTheFuture() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData, pgWal);

        for (long second = 0; second <= 60; second += 5) {
            sites.moveClockTo(second);
            sites.heartbeat(STOCKHOLM);
            sites.heartbeat(FALKENBERG);
            sites.metrics(FALKENBERG, HEALTHY);
            sites.send(STOCKHOLM, SiteDrivers.metricsEvent(STOCKHOLM, at(second + 3600), 100 - SHORT));
            sites.send(STOCKHOLM, SiteDrivers.metricsEvent("kiruna", at(second), 100 - SHORT));
        }

        List<TestRecord<String, byte[]>> dead = sites.deadLetters(STOCKHOLM);
        assertThat(dead).hasSize(26);
        assertThat(reason(dead.get(0))).contains("3600 s ahead of placement's clock");
        assertThat(reason(dead.get(1))).contains("site 'kiruna' is not one of the known sites");
        assertThat(header(dead.get(1).headers().lastHeader(DeadLetters.TOPIC))).isEqualTo(Topics.SITE_METRICS);
        assertThat(triggers(STOCKHOLM)).isEmpty();
    }

    @Test
    void shouldLeaveTheDecisionsOfOtherSitesShortagesToThoseSites() {
        sites.start(STOCKHOLM);
        sites.replicate(FALKENBERG, "analytics", STOCKHOLM, reports);

        for (long second = 0; second <= 60; second += 5) {
            sites.report(second, HEALTHY, SHORT, Double.NaN);
        }

        assertThat(triggers(STOCKHOLM)).isEmpty();
    }

    /** The steps that decide whether and where a group moves: triggered, no-target, cancelled. */
    private List<PlacementDecision> triggers(String site) {
        return sites.decisions(site).stream().filter(d -> TRIGGER_STEPS.contains(d.step())).toList();
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
