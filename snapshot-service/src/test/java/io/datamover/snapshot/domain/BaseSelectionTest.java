package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseSelectionTest {

    private static final List<String> TARGETS = List.of("falkenberg", "oslo");

    @Test
    void shouldUseTheSmallestAppliedSnapshotOverTheTargets() {
        Map<String, Long> applied = Map.of("falkenberg", 4L, "oslo", 2L);

        assertThat(BaseSelection.base(TARGETS, applied, List.of(2L, 3L, 4L, 5L), 5)).isEqualTo(2L);
    }

    @Test
    void shouldCopyInFullWhenSomeTargetHoldsNothing() {
        Map<String, Long> applied = Map.of("falkenberg", 4L);

        assertThat(BaseSelection.base(TARGETS, applied, List.of(4L, 5L), 5)).isNull();
    }

    @Test
    void shouldCopyInFullWhenTheBaseIsNoLongerRetained() {
        Map<String, Long> applied = Map.of("falkenberg", 4L, "oslo", 2L);

        assertThat(BaseSelection.base(TARGETS, applied, List.of(3L, 4L, 5L), 5)).isNull();
    }

    @Test
    void shouldNotUseABaseThatIsNotOlderThanTheSnapshot() {
        Map<String, Long> applied = Map.of("falkenberg", 7L, "oslo", 7L);

        assertThat(BaseSelection.base(TARGETS, applied, List.of(1L, 7L), 1)).isNull();
    }

    @Test
    void shouldIgnoreSitesThatAreNoLongerTargets() {
        Map<String, Long> applied = Map.of("falkenberg", 4L, "oslo", 4L, "helsinki", 1L);

        assertThat(BaseSelection.smallestApplied(TARGETS, applied)).isEqualTo(4L);
    }
}
