package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant TAKEN = Instant.parse("2025-01-01T10:00:00Z");

    private final Schedule schedule = new Schedule(Duration.ofMinutes(5));
    private final Protection protection = new Protection("db", 60, 5, List.of("falkenberg", "oslo"));
    private final LastSnapshot last = new LastSnapshot(3, TAKEN);

    @Test
    void shouldBeDueAtOnceWhenTheVolumeHasNoSnapshot() {
        assertThat(schedule.isDue(protection, null, Map.of(), TAKEN)).isTrue();
    }

    @Test
    void shouldBeDueWhenTheIntervalPassedAndEveryTargetAppliedTheLastSnapshot() {
        Map<String, Long> applied = Map.of("falkenberg", 3L, "oslo", 3L);

        assertThat(schedule.isDue(protection, last, applied, TAKEN.plusSeconds(60))).isTrue();
    }

    @Test
    void shouldNotBeDueBeforeTheIntervalPassed() {
        Map<String, Long> applied = Map.of("falkenberg", 3L, "oslo", 3L);

        assertThat(schedule.isDue(protection, last, applied, TAKEN.plusSeconds(59))).isFalse();
    }

    @Test
    void shouldHoldBackWhileSomeTargetHasNotAppliedTheLastSnapshot() {
        Map<String, Long> applied = Map.of("falkenberg", 3L, "oslo", 2L);

        assertThat(schedule.isDue(protection, last, applied, TAKEN.plusSeconds(120))).isFalse();
    }

    @Test
    void shouldHoldBackWhileSomeTargetHoldsNothing() {
        assertThat(schedule.isDue(protection, last, Map.of("falkenberg", 3L), TAKEN.plusSeconds(120))).isFalse();
    }

    @Test
    void shouldTakeTheNextSnapshotOnceTheTransferStalledPastTheTimeout() {
        Map<String, Long> applied = Map.of("falkenberg", 3L);

        assertThat(schedule.isDue(protection, last, applied, TAKEN.plus(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void shouldWaitForTheIntervalEvenWhenStalledIfTheIntervalIsLonger() {
        Protection hourly = new Protection("db", 3600, 5, List.of("falkenberg"));

        assertThat(schedule.isDue(hourly, last, Map.of(), TAKEN.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(schedule.isDue(hourly, last, Map.of(), TAKEN.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void shouldBeDueAsAGroupOnlyWhenEveryVolumeIsDue() {
        Group group = new Group("shop", List.of("db", "files"), 60, 5, List.of("falkenberg"), null, null, 30);
        Map<String, LastSnapshot> lasts = Map.of("db", last, "files", last);
        Map<String, Map<String, Long>> bothApplied = Map.of("db", Map.of("falkenberg", 3L),
                "files", Map.of("falkenberg", 3L));
        Map<String, Map<String, Long>> oneBehind = Map.of("db", Map.of("falkenberg", 3L),
                "files", Map.of("falkenberg", 2L));
        Instant later = TAKEN.plusSeconds(60);

        assertThat(schedule.isDue(group, lasts, bothApplied, null, later)).isTrue();
        assertThat(schedule.isDue(group, lasts, oneBehind, null, later)).isFalse();
        assertThat(schedule.isDue(group, lasts, bothApplied, null, TAKEN.plusSeconds(59))).isFalse();
        assertThat(schedule.isDue(group, lasts, oneBehind, null, TAKEN.plus(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void shouldBeDueAsAGroupWhileAVolumeHasNoSnapshotOnlyIfTheOthersAreDue() {
        Group group = new Group("shop", List.of("db", "files"), 60, 5, List.of("falkenberg"), null, null, 30);

        assertThat(schedule.isDue(group, Map.of(), Map.of(), null, TAKEN)).isTrue();
        assertThat(schedule.isDue(group, Map.of("db", last), Map.of(), null, TAKEN.plusSeconds(1))).isFalse();
    }

    @Test
    void shouldWaitAnIntervalAfterAFailedAttemptOfAGroup() {
        Group group = new Group("shop", List.of("db"), 60, 5, List.of("falkenberg"), null, null, 30);
        Instant failed = TAKEN.plusSeconds(10);

        assertThat(schedule.isDue(group, Map.of(), Map.of(), failed, failed.plusSeconds(59))).isFalse();
        assertThat(schedule.isDue(group, Map.of(), Map.of(), failed, failed.plusSeconds(60))).isTrue();
    }
}
