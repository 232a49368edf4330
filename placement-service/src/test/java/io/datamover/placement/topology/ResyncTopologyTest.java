package io.datamover.placement.topology;

import static io.datamover.placement.VolumeEvents.at;
import static io.datamover.placement.topology.SiteDrivers.FALKENBERG;
import static io.datamover.placement.topology.SiteDrivers.HEALTHY;
import static io.datamover.placement.topology.SiteDrivers.STOCKHOLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Versions;
import io.datamover.events.VolumeFrozen;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resync after a failover, driven through falkenberg's placement topology: group webshop (pg-data, pg-wal) has
 * stockholm as primary; its snapshot 1 is applied at falkenberg, its snapshot 2 never is. Stockholm falls silent after
 * second 20, falkenberg promotes snapshot 1 at second 55 and takes its own snapshot 2 at second 60.
 */
class ResyncTopologyTest {

    private static final String GROUP = "webshop";

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final VolumeEvents pgWal = new VolumeEvents("pg-wal");
    private final SiteDrivers sites = new SiteDrivers();
    private PlacementDecision promoted;

    @BeforeEach
    void failOver() {
        sites.start(FALKENBERG);
        sites.replicate(STOCKHOLM, GROUP, FALKENBERG, pgData, pgWal);
        for (VolumeEvents volume : List.of(pgData, pgWal)) {
            sites.sendToAll(volume.groupSnapshotTaken(GROUP, STOCKHOLM, 2, at(10), FALKENBERG));
        }
        for (long second = 0; second <= 20; second += 5) {
            sites.report(second, HEALTHY, HEALTHY, Double.NaN);
        }
        for (long second = 25; second <= 55; second += 5) {
            sites.report(second, Double.NaN, HEALTHY, Double.NaN);
        }
        PlacementDecision promote = sites.decisions(FALKENBERG).get(1);
        assertThat(promote.step()).isEqualTo(Decision.PROMOTE);
        for (VolumeEvents volume : List.of(pgData, pgWal)) {
            sites.sendToAll(thawed(volume, promote.decisionId(), FALKENBERG, 1, at(56)));
        }
        promoted = sites.decisions(FALKENBERG).get(0);
        assertThat(promoted.step()).isEqualTo(Decision.PROMOTED);
        sites.moveClockTo(60);
        for (VolumeEvents volume : List.of(pgData, pgWal)) {
            sites.sendToAll(volume.groupSnapshotTaken(GROUP, FALKENBERG, 2, at(60), STOCKHOLM));
        }
    }

    @AfterEach
    void closeDrivers() {
        sites.close();
    }

    @Test
    void shouldNameThePromotedSnapshotsAsTheCommonOnes() {
        assertThat(promoted.snapshots()).isEqualTo(Map.of("pg-data", 1L, "pg-wal", 1L));
    }

    @Test
    void shouldRejoinTheLostSiteWhenItIsBackThenShipAndEndOnceItHoldsTheNewPrimarysSnapshot() {
        for (long second = 65; second <= 75; second += 5) {
            sites.report(second, Double.NaN, HEALTHY, Double.NaN);
        }
        assertThat(sites.decisions(FALKENBERG)).as("stockholm is still silent").isEmpty();

        sites.report(80, HEALTHY, HEALTHY, Double.NaN);

        PlacementDecision rejoin = single(sites.decisions(FALKENBERG));
        assertThat(rejoin.type()).isEqualTo(DecisionType.RESYNC);
        assertThat(rejoin.step()).isEqualTo(Decision.REJOIN);
        assertThat(rejoin.fromSite()).isEqualTo(FALKENBERG);
        assertThat(rejoin.site()).isEqualTo(STOCKHOLM);
        assertThat(rejoin.volumeIds()).containsExactly("pg-data", "pg-wal");
        assertThat(rejoin.snapshots()).isEqualTo(Map.of("pg-data", 1L, "pg-wal", 1L));
        assertThat(rejoin.cause()).contains("stockholm is back").contains(promoted.decisionId())
                .contains("pg-data@1, pg-wal@1");

        sites.sendToAll(thawed(pgData, rejoin.decisionId(), STOCKHOLM, 1, at(81)));
        assertThat(sites.decisions(FALKENBERG)).as("pg-wal has not rejoined yet").isEmpty();
        sites.sendToAll(thawed(pgWal, rejoin.decisionId(), STOCKHOLM, 1, at(81)));
        PlacementDecision resync = single(sites.decisions(FALKENBERG));
        assertThat(resync.step()).isEqualTo(Decision.RESYNC);
        assertThat(resync.decisionId()).isEqualTo(rejoin.decisionId());

        for (VolumeEvents volume : List.of(pgData, pgWal)) {
            sites.sendToAll(volume.groupSnapshotTaken(GROUP, FALKENBERG, 3, at(82), STOCKHOLM));
        }
        sites.sendToAll(pgData.replicaApplied(STOCKHOLM, FALKENBERG, 3, at(82), at(83)));
        sites.report(84, HEALTHY, HEALTHY, Double.NaN);
        assertThat(sites.decisions(FALKENBERG)).as("pg-wal still holds only the common snapshot").isEmpty();

        sites.sendToAll(pgWal.replicaApplied(STOCKHOLM, FALKENBERG, 3, at(82), at(85)));
        sites.report(86, HEALTHY, HEALTHY, Double.NaN);

        PlacementDecision resynced = single(sites.decisions(FALKENBERG));
        assertThat(resynced.step()).isEqualTo(Decision.RESYNCED);
        assertThat(resynced.snapshots()).isEqualTo(Map.of("pg-data", 3L, "pg-wal", 3L));
        assertThat(resynced.cause()).contains("stockholm is a consistent replica of falkenberg again");

        sites.report(120, HEALTHY, HEALTHY, Double.NaN);
        assertThat(sites.decisions(FALKENBERG)).as("one resync per failover").isEmpty();
    }

    @Test
    void shouldNotCountTheThawOfAnotherSiteOrDecision() {
        for (long second = 65; second <= 75; second += 5) {
            sites.report(second, Double.NaN, HEALTHY, Double.NaN);
        }
        sites.report(80, HEALTHY, HEALTHY, Double.NaN);
        PlacementDecision rejoin = single(sites.decisions(FALKENBERG));

        for (VolumeEvents volume : List.of(pgData, pgWal)) {
            sites.sendToAll(thawed(volume, rejoin.decisionId(), FALKENBERG, 1, at(81)));
            sites.sendToAll(thawed(volume, promoted.decisionId(), STOCKHOLM, 1, at(81)));
        }

        assertThat(sites.decisions(FALKENBERG)).isEmpty();
    }

    private static PlacementDecision single(List<PlacementDecision> decisions) {
        assertThat(decisions).hasSize(1);
        return decisions.get(0);
    }

    private static VolumeFrozen thawed(VolumeEvents volume, String decisionId, String site, long snapshot,
            Instant at) {
        return new VolumeFrozen(Versions.CURRENT, UUID.randomUUID().toString(), at, site, volume.volumeId(), false,
                "decision " + decisionId, snapshot, decisionId);
    }
}
