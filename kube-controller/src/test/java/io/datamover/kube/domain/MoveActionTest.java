package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoveActionTest {

    @ParameterizedTest(name = "{0} {1} at {2}: {3}")
    @CsvSource({
        "switchover, triggered,      falkenberg, NONE",
        "switchover, freeze,         falkenberg, STAGE",
        "switchover, freeze,         stockholm,  NONE",
        "switchover, final-snapshot, falkenberg, NONE",
        "switchover, commit,         falkenberg, COMPLETE",
        "switchover, committed,      falkenberg, COMPLETE",
        "switchover, commit,         stockholm,  STEP_DOWN",
        "switchover, commit,         oslo,       NONE",
        "abort,      abort,          falkenberg, ABORT",
        "abort,      aborted,        falkenberg, ABORT",
        "abort,      abort,          stockholm,  NONE",
        "failover,   promote,        falkenberg, COMPLETE",
        "failover,   promoted,       stockholm,  STEP_DOWN",
        "failover,   no-target,      falkenberg, NONE",
        "resync,     rejoin,         stockholm,  NONE"})
    void shouldAskOfEachSiteItsPartOfTheStep(String type, String step, String site, MoveAction expected) {
        PlacementDecision decision = PlacementDecision.of("d-1", DecisionType.valueOf(type.toUpperCase()), step,
                "webshop-1", List.of("pvc-1"), "stockholm", "falkenberg", "test");

        assertThat(MoveAction.of(decision, site)).isEqualTo(expected);
    }
}
