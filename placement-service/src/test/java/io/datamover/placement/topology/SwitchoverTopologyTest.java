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
import io.datamover.events.SwitchoverRequested;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A switchover's state machine and its barrier, driven through the placement topology of stockholm, where a cooling
 * shortage held from second 0 triggers the move of group webshop (pg-data, pg-wal) to falkenberg at second 30.
 */
class SwitchoverTopologyTest {

    private static final String GROUP = "webshop";

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final VolumeEvents pgWal = new VolumeEvents("pg-wal");
    private final SiteDrivers sites = new SiteDrivers();
    private String decisionId;

    @BeforeEach
    void triggerTheSwitchover() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        for (long second = 0; second <= 30; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }
        List<PlacementDecision> started = sites.decisions(STOCKHOLM);
        assertThat(started).extracting(PlacementDecision::step).containsExactly(Decision.TRIGGERED, Decision.FREEZE);
        decisionId = started.get(0).decisionId();
        assertThat(started.get(1).decisionId()).isEqualTo(decisionId);
    }

    @AfterEach
    void closeDrivers() {
        sites.close();
    }

    @Test
    void shouldCommitOnceEveryVolumeOfTheGroupAppliedItsFinalSnapshotAtTheTarget() {
        finalSnapshots(7, 4);
        assertThat(steps()).containsExactly(Decision.FINAL_SNAPSHOT);

        sites.sendToAll(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 7, at(31), at(32)));
        assertThat(steps()).as("one volume applied: the barrier holds").isEmpty();
        sites.sendToAll(pgWal.replicaApplied(FALKENBERG, STOCKHOLM, 4, at(31), at(32)));

        PlacementDecision commit = sites.decisions(STOCKHOLM).get(0);
        assertThat(commit.step()).isEqualTo(Decision.COMMIT);
        assertThat(commit.decisionId()).isEqualTo(decisionId);
        assertThat(commit.cause()).contains("pg-data@7, pg-wal@4");

        sites.sendToAll(pgData.thawedFor(decisionId, FALKENBERG, at(33)));
        sites.sendToAll(pgWal.thawedFor(decisionId, FALKENBERG, at(33)));
        assertThat(sites.decisions(STOCKHOLM)).singleElement().satisfies(committed -> {
            assertThat(committed.step()).isEqualTo(Decision.COMMITTED);
            assertThat(committed.type()).isEqualTo(DecisionType.SWITCHOVER);
            assertThat(committed.site()).isEqualTo(FALKENBERG);
        });
    }

    @Test
    void shouldCountAnApplyThatArrivesBeforeTheOtherVolumesFinalSnapshot() {
        sites.sendToAll(pgData.finalSnapshotTaken(decisionId, GROUP, STOCKHOLM, 7, at(30), FALKENBERG));
        sites.sendToAll(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 7, at(30), at(31)));
        assertThat(steps()).isEmpty();

        sites.sendToAll(pgWal.finalSnapshotTaken(decisionId, GROUP, STOCKHOLM, 4, at(30), FALKENBERG));
        sites.sendToAll(pgWal.replicaApplied(FALKENBERG, STOCKHOLM, 4, at(30), at(31)));

        assertThat(steps()).containsExactly(Decision.FINAL_SNAPSHOT, Decision.COMMIT);
    }

    @Test
    void shouldNotCommitOnAppliesOfOlderSnapshotsOrAtAnotherSiteOrOnScheduledSnapshots() {
        sites.sendToAll(pgData.groupSnapshotTaken(GROUP, STOCKHOLM, 6, at(30), FALKENBERG));
        assertThat(steps()).as("a scheduled snapshot is not a final one").isEmpty();
        finalSnapshots(7, 4);
        steps();

        sites.sendToAll(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 6, at(30), at(31)));
        sites.sendToAll(pgData.replicaApplied(LULEA, STOCKHOLM, 7, at(30), at(31)));
        sites.sendToAll(pgWal.replicaApplied(FALKENBERG, STOCKHOLM, 4, at(30), at(31)));

        assertThat(steps()).isEmpty();
    }

    @Test
    void shouldAbortWhenTheDeadlinePassesBeforeTheBarrierAndEndOnceTheSourceThawed() {
        finalSnapshots(7, 4);
        sites.sendToAll(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 7, at(31), at(32)));
        steps();

        for (long second = 35; second <= 95; second += 5) {
            sites.report(second, SHORT, HEALTHY, Double.NaN);
        }

        List<PlacementDecision> aborted = sites.decisions(STOCKHOLM);
        assertThat(aborted).singleElement().satisfies(abort -> {
            assertThat(abort.step()).isEqualTo(Decision.ABORT);
            assertThat(abort.type()).isEqualTo(DecisionType.ABORT);
            assertThat(abort.decisionId()).isEqualTo(decisionId);
            assertThat(abort.cause()).contains("deadline").contains("not applied at falkenberg: [pg-wal]");
        });
        sites.sendToAll(pgWal.replicaApplied(FALKENBERG, STOCKHOLM, 4, at(96), at(96)));
        assertThat(steps()).as("an apply after the abort commits nothing").isEmpty();

        sites.sendToAll(pgData.thawedFor(decisionId, STOCKHOLM, at(97)));
        sites.sendToAll(pgWal.thawedFor(decisionId, FALKENBERG, at(97)));
        assertThat(steps()).as("a thaw at the target does not end an abort").isEmpty();
        sites.sendToAll(pgWal.thawedFor(decisionId, STOCKHOLM, at(97)));
        assertThat(steps()).containsExactly(Decision.ABORTED);
    }

    @Test
    void shouldAbortWhenTheTargetIsLostDuringTheBarrier() {
        finalSnapshots(7, 4);
        steps();

        for (long second = 35; second <= 50; second += 5) {
            sites.report(second, SHORT, Double.NaN, Double.NaN);
        }

        assertThat(sites.decisions(STOCKHOLM)).singleElement().satisfies(abort -> {
            assertThat(abort.step()).isEqualTo(Decision.ABORT);
            assertThat(abort.cause()).contains("target falkenberg lost during final-snapshot: no heartbeat for");
        });
    }

    @Test
    void shouldNeverAbortOnceCommitted() {
        finalSnapshots(7, 4);
        sites.sendToAll(pgData.replicaApplied(FALKENBERG, STOCKHOLM, 7, at(31), at(32)));
        sites.sendToAll(pgWal.replicaApplied(FALKENBERG, STOCKHOLM, 4, at(31), at(32)));
        assertThat(steps()).containsExactly(Decision.FINAL_SNAPSHOT, Decision.COMMIT);

        for (long second = 35; second <= 120; second += 5) {
            sites.report(second, SHORT, Double.NaN, Double.NaN);
        }

        assertThat(steps()).isEmpty();
    }

    @Test
    void shouldRejectAnOperatorRequestWhileTheGroupIsMoving() {
        sites.sendToAll(SwitchoverRequested.of(GROUP, FALKENBERG, "chiller maintenance"));

        assertThat(sites.decisions(STOCKHOLM)).singleElement().satisfies(rejected -> {
            assertThat(rejected.step()).isEqualTo(Decision.REJECTED);
            assertThat(rejected.decisionId()).isNotEqualTo(decisionId);
            assertThat(rejected.cause()).contains("operator request: chiller maintenance")
                    .contains("decision " + decisionId + " about the group is at step freeze");
        });
    }

    private void finalSnapshots(long pgDataSnapshot, long pgWalSnapshot) {
        sites.sendToAll(pgData.finalSnapshotTaken(decisionId, GROUP, STOCKHOLM, pgDataSnapshot, at(30), FALKENBERG));
        sites.sendToAll(pgWal.finalSnapshotTaken(decisionId, GROUP, STOCKHOLM, pgWalSnapshot, at(30), FALKENBERG));
    }

    private List<String> steps() {
        return sites.decisions(STOCKHOLM).stream().map(PlacementDecision::step).toList();
    }
}
