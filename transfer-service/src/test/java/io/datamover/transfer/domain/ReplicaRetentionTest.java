package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRetentionTest {

    @Test
    void shouldKeepTheNewestUpToTheConsistentSnapshotAndDeleteTheRestOldestFirst() {
        assertThat(ReplicaRetention.expired(List.of(5L, 1L, 3L, 2L, 4L), 3, 5L)).containsExactly(1L, 2L);
    }

    @Test
    void shouldNeverDeleteNorCountASnapshotNewerThanTheConsistentOne() {
        assertThat(ReplicaRetention.expired(List.of(1L, 2L, 3L, 4L), 1, 3L)).containsExactly(1L, 2L);
        assertThat(ReplicaRetention.expired(List.of(1L, 2L, 3L, 4L), 2, 3L)).containsExactly(1L);
    }

    @Test
    void shouldKeepTheConsistentSnapshotWithARetainOfOne() {
        assertThat(ReplicaRetention.expired(List.of(7L, 8L, 9L), 1, 9L)).containsExactly(7L, 8L);
    }

    @Test
    void shouldDeleteNothingBeforeTheFirstSealNorWhileFewerThanRetainAreHeld() {
        assertThat(ReplicaRetention.expired(List.of(1L, 2L), 1, null)).isEmpty();
        assertThat(ReplicaRetention.expired(List.of(1L, 2L), 3, 2L)).isEmpty();
    }
}
