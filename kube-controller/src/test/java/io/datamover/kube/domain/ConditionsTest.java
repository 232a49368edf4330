package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant EARLIER = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T10:05:00Z");

    @Test
    void shouldKeepTheTransitionTimeWhileTheStatusStaysTheSame() {
        List<Condition> before = Conditions.stamp(null, List.of(Conditions.of("Protected", true, "Registered", "a")),
                1L, EARLIER);

        List<Condition> after = Conditions.stamp(before, List.of(Conditions.of("Protected", true, "Registered", "b")),
                2L, NOW);

        assertThat(after).singleElement().satisfies(condition -> {
            assertThat(condition.getLastTransitionTime()).isEqualTo(EARLIER.toString());
            assertThat(condition.getObservedGeneration()).isEqualTo(2L);
            assertThat(condition.getMessage()).isEqualTo("b");
        });
    }

    @Test
    void shouldStampTheTimeOfAChangedStatus() {
        List<Condition> before = Conditions.stamp(null, List.of(Conditions.of("Protected", true, "Registered", "a")),
                1L, EARLIER);

        List<Condition> after = Conditions.stamp(before, List.of(Conditions.of("Protected", false,
                "SnapshotServiceUnreachable", "down")), 1L, NOW);

        assertThat(after.get(0).getLastTransitionTime()).isEqualTo(NOW.toString());
        assertThat(after.get(0).getStatus()).isEqualTo("False");
    }

    @Test
    void shouldMakeValidFalseWithTheFirstReasonAndEveryMessage() {
        Condition valid = Conditions.valid(List.of(Problem.of("EmptySelector", "spec.selector", "is empty"),
                Problem.of("UnknownLocation", "spec.locations[0]", "names 'mars'")));

        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo("EmptySelector");
        assertThat(valid.getMessage()).isEqualTo("spec.selector is empty; spec.locations[0] names 'mars'");
        assertThat(Conditions.valid(List.of()).getStatus()).isEqualTo("True");
    }
}
