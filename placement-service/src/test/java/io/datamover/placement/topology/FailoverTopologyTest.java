package io.datamover.placement.topology;

import static io.datamover.placement.VolumeEvents.at;
import static io.datamover.placement.topology.SiteDrivers.FALKENBERG;
import static io.datamover.placement.topology.SiteDrivers.HEALTHY;
import static io.datamover.placement.topology.SiteDrivers.LULEA;
import static io.datamover.placement.topology.SiteDrivers.SHORT;
import static io.datamover.placement.topology.SiteDrivers.STOCKHOLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover when a group's primary site falls silent, driven through the placement topology of the surviving sites:
 * group webshop (pg-data, pg-wal) has stockholm as primary, its snapshot 1 taken at second 0 and applied elsewhere;
 * every site reports every 5 s until stockholm stops.
 */
class FailoverTopologyTest {

    private static final String GROUP = "webshop";

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final VolumeEvents pgWal = new VolumeEvents("pg-wal");
    private final SiteDrivers sites = new SiteDrivers();

    @AfterEach
    void closeDrivers() {
        sites.close();
    }

    @Test
    void shouldPromoteTheReplicaOnceThePrimaryIsSilentPastTheFailoverTimeoutAndStateTheDataLossWindow() {
        sites.start(FALKENBERG);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 20; second += 5) {
            sites.report(second, HEALTHY, HEALTHY, Double.NaN);
        }
        for (long second = 25; second <= 50; second += 5) {
            sites.report(second, Double.NaN, HEALTHY, Double.NaN);
        }
        assertThat(sites.decisions(FALKENBERG)).as("silent for 30 s, not longer").isEmpty();

        sites.report(55, Double.NaN, HEALTHY, Double.NaN);

        List<PlacementDecision> failover = sites.decisions(FALKENBERG);
        assertThat(failover).extracting(PlacementDecision::step).containsExactly(Decision.TRIGGERED, Decision.PROMOTE);
        PlacementDecision triggered = failover.get(0);
        assertThat(triggered.type()).isEqualTo(DecisionType.FAILOVER);
        assertThat(triggered.fromSite()).isEqualTo(STOCKHOLM);
        assertThat(triggered.site()).isEqualTo(FALKENBERG);
        assertThat(triggered.volumeIds()).containsExactly("pg-data", "pg-wal");
        assertThat(triggered.cause()).contains("stockholm lost: no heartbeat for 35 s")
                .contains("takes over at pg-data@1, pg-wal@1")
                .contains("data-loss window (RPO) up to 20 s");

        sites.sendToAll(pgData.thawedFor(triggered.decisionId(), FALKENBERG, at(56)));
        sites.sendToAll(pgWal.thawedFor(triggered.decisionId(), FALKENBERG, at(56)));
        assertThat(sites.decisions(FALKENBERG)).singleElement().satisfies(promoted -> {
            assertThat(promoted.step()).isEqualTo(Decision.PROMOTED);
            assertThat(promoted.decisionId()).isEqualTo(triggered.decisionId());
        });
    }

    @Test
    void shouldCarryThePriorityTheGroupAnnouncedAtItsLostPrimaryToTheSiteThatPromotesIt() {
        sites.start(FALKENBERG);
        sites.replicate(STOCKHOLM, GROUP, 40, FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 20; second += 5) {
            sites.report(second, HEALTHY, HEALTHY, Double.NaN);
        }
        for (long second = 25; second <= 55; second += 5) {
            sites.report(second, Double.NaN, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> failover = sites.decisions(FALKENBERG);
        assertThat(failover).extracting(PlacementDecision::step).containsExactly(Decision.TRIGGERED, Decision.PROMOTE);
        assertThat(failover).allSatisfy(step -> assertThat(step.groupPriority()).isEqualTo(40));
        String decisionId = failover.get(0).decisionId();
        sites.sendToAll(pgData.thawedFor(decisionId, FALKENBERG, at(56)));
        sites.sendToAll(pgWal.thawedFor(decisionId, FALKENBERG, at(56)));
        assertThat(sites.decisions(FALKENBERG)).singleElement()
                .satisfies(promoted -> assertThat(promoted.groupPriority()).isEqualTo(40));
    }

    @Test
    void shouldNotFailOverWhenThePrimaryIsBackBeforeTheTimeout() {
        sites.start(FALKENBERG);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 120; second += 5) {
            boolean silent = second > 20 && second < 45;
            sites.report(second, silent ? Double.NaN : HEALTHY, HEALTHY, Double.NaN);
        }

        assertThat(sites.decisions(FALKENBERG)).isEmpty();
    }

    @Test
    void shouldLeaveTheFailoverToTheSiteThatTakesTheGroup() {
        sites.start(FALKENBERG);
        sites.start(LULEA);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        sites.replicate(STOCKHOLM, GROUP, LULEA, pgData, pgWal);
        for (long second = 0; second <= 60; second += 5) {
            sites.report(second, second <= 20 ? HEALTHY : Double.NaN, 20, 30);
        }

        assertThat(sites.decisions(FALKENBERG)).isEmpty();
        assertThat(sites.decisions(LULEA)).extracting(PlacementDecision::step)
                .containsExactly(Decision.TRIGGERED, Decision.PROMOTE);
    }

    @Test
    void shouldNotFailOverToASiteWithoutHeadroomAndSaySoOnceUntilOneHasIt() {
        sites.start(FALKENBERG);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 90; second += 5) {
            sites.report(second, second <= 20 ? HEALTHY : Double.NaN, SHORT, Double.NaN);
        }

        PlacementDecision noTarget = single(sites.decisions(FALKENBERG));
        assertThat(noTarget.type()).isEqualTo(DecisionType.FAILOVER);
        assertThat(noTarget.step()).isEqualTo(Decision.NO_TARGET);
        assertThat(noTarget.fromSite()).isEqualTo(STOCKHOLM);
        assertThat(noTarget.cause()).startsWith("stockholm lost: no heartbeat for ")
                .contains("no site can take the group over: falkenberg: short of headroom")
                .contains("lulea: holds no consistent replica");

        for (long second = 95; second <= 120; second += 5) {
            sites.report(second, Double.NaN, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> after = sites.decisions(FALKENBERG);
        assertThat(after).extracting(PlacementDecision::step)
                .containsExactly(Decision.CANCELLED, Decision.TRIGGERED, Decision.PROMOTE);
        assertThat(after.get(0).decisionId()).isEqualTo(noTarget.decisionId());
        assertThat(after.get(0).cause()).isEqualTo("falkenberg can take the group over now; its placement fails it"
                + " over");
    }

    @Test
    void shouldLetOnlyTheFirstSurvivorByNameSayThatNoSiteCanTakeTheGroup() {
        sites.start(FALKENBERG);
        sites.start(LULEA);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 60; second += 5) {
            sites.report(second, second <= 20 ? HEALTHY : Double.NaN, SHORT, SHORT);
        }

        assertThat(sites.decisions(LULEA)).isEmpty();
        assertThat(single(sites.decisions(FALKENBERG)).step()).isEqualTo(Decision.NO_TARGET);

        sites.report(65, HEALTHY, SHORT, SHORT);

        PlacementDecision cancelled = single(sites.decisions(FALKENBERG));
        assertThat(cancelled.step()).isEqualTo(Decision.CANCELLED);
        assertThat(cancelled.cause()).isEqualTo("stockholm is back: no failover needed");
        assertThat(sites.decisions(LULEA)).isEmpty();
    }

    private static PlacementDecision single(List<PlacementDecision> decisions) {
        assertThat(decisions).hasSize(1);
        return decisions.get(0);
    }
}
