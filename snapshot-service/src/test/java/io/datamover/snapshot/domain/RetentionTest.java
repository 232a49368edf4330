package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void shouldKeepTheNewestAndDeleteTheRestOldestFirst() {
        assertThat(Retention.expired(List.of(5L, 1L, 3L, 2L, 4L), 2, 4L)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void shouldNeverDeleteTheBaseNorAnythingNewer() {
        assertThat(Retention.expired(List.of(1L, 2L, 3L, 4L, 5L, 6L), 2, 2L)).containsExactly(1L);
    }

    @Test
    void shouldKeepTheNewestWhenNoTargetHoldsABase() {
        assertThat(Retention.expired(List.of(1L, 2L, 3L, 4L), 3, null)).containsExactly(1L);
    }

    @Test
    void shouldDeleteNothingWhileFewerThanRetainExist() {
        assertThat(Retention.expired(List.of(1L, 2L), 5, null)).isEmpty();
    }
}
