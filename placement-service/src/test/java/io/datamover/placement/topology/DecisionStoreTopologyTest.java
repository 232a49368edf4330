package io.datamover.placement.topology;

import static io.datamover.placement.topology.SiteDrivers.FALKENBERG;
import static io.datamover.placement.topology.SiteDrivers.HEALTHY;
import static io.datamover.placement.topology.SiteDrivers.LULEA;
import static io.datamover.placement.topology.SiteDrivers.STOCKHOLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.PlacementDecision;
import io.datamover.events.SwitchoverRequested;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator's decision store keeps what the rules and {@code GET /decisions} need, not every decision ever. */
class DecisionStoreTopologyTest {

    private final VolumeEvents pgData = new VolumeEvents("pg-data");
    private final SiteDrivers sites = new SiteDrivers();

    @AfterEach
    void closeDrivers() {
        sites.close();
    }

    @Test
    void shouldKeepTheLatestEndedDecisionsOfAGroupAndForgetOlderOnes() {
        sites.start(STOCKHOLM);
        sites.replicate(STOCKHOLM, "webshop", FALKENBERG, pgData);
        List<String> rejected = new ArrayList<>();
        for (long second = 0; second < Coordinate.ENDED_KEPT + 3; second++) {
            sites.report(second, HEALTHY, HEALTHY, HEALTHY);
            sites.sendToAll(SwitchoverRequested.of("webshop", LULEA, "request " + second));
            PlacementDecision decision = sites.decisions(STOCKHOLM).get(0);
            assertThat(decision.step()).isEqualTo(Decision.REJECTED);
            rejected.add(decision.decisionId());
        }

        sites.report(Coordinate.ENDED_KEPT + 4, HEALTHY, HEALTHY, HEALTHY);

        assertThat(sites.storedDecisions(STOCKHOLM))
                .containsExactlyInAnyOrderElementsOf(rejected.subList(3, rejected.size()));
    }
}
