package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwitchoverActionTest {

    private static final String SOURCE = "stockholm";
    private static final String TARGET = "falkenberg";

    @ParameterizedTest(name = "{0} {1} at {2}: {3}")
    @CsvSource({
        "SWITCHOVER, freeze,         stockholm,  FREEZE",
        "SWITCHOVER, freeze,         falkenberg, NONE",
        "SWITCHOVER, commit,         falkenberg, PROMOTE",
        "SWITCHOVER, commit,         stockholm,  DEMOTE",
        "ABORT,      abort,          stockholm,  THAW",
        "ABORT,      abort,          falkenberg, NONE",
        "SWITCHOVER, freeze,         oslo,       NONE",
        "SWITCHOVER, commit,         oslo,       NONE",
        "SWITCHOVER, triggered,      stockholm,  NONE",
        "SWITCHOVER, final-snapshot, stockholm,  NONE",
        "SWITCHOVER, committed,      falkenberg, NONE",
        "ABORT,      aborted,        stockholm,  NONE",
        "SWITCHOVER, no-target,      stockholm,  NONE",
        "SWITCHOVER, cancelled,      stockholm,  NONE",
        "SWITCHOVER, rejected,       stockholm,  NONE",
        "FAILOVER,   commit,         falkenberg, NONE",
        "FAILOVER,   promote,        falkenberg, PROMOTE",
        "FAILOVER,   promote,        stockholm,  FENCE",
        "FAILOVER,   promoted,       stockholm,  FENCE",
        "FAILOVER,   promote,        oslo,       NONE",
        "FAILOVER,   promoted,       falkenberg, NONE",
        "RESYNC,     rejoin,         falkenberg, REJOIN",
        "RESYNC,     rejoin,         stockholm,  NONE",
        "RESYNC,     resync,         stockholm,  RESYNC",
        "RESYNC,     resync,         falkenberg, NONE",
        "RESYNC,     resynced,       falkenberg, NONE",
        "RESYNC,     resynced,       stockholm,  NONE",
        "SWITCHOVER, abort,          stockholm,  NONE",
        "ABORT,      freeze,         stockholm,  NONE"})
    void shouldDoWhatTheStepAsksOfTheSite(DecisionType type, String step, String site, SwitchoverAction expected) {
        PlacementDecision decision = PlacementDecision.of("d-1", type, step, "shop", List.of("shop-db"), SOURCE,
                TARGET, "cooling");

        assertThat(SwitchoverAction.of(decision, site)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"freeze", "commit"})
    void shouldDoNothingForADecisionFromASiteToItself(String step) {
        PlacementDecision decision = PlacementDecision.of("d-1", DecisionType.SWITCHOVER, step, "shop",
                List.of("shop-db"), SOURCE, SOURCE, "cooling");

        assertThat(SwitchoverAction.of(decision, SOURCE)).isEqualTo(SwitchoverAction.NONE);
    }
}
