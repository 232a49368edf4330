package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ChangeMethod;
import io.datamover.events.SnapshotTaken;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeQueryTest {

    @Test
    void shouldAskForTheDeltaWhenTheSnapshotHasABase() {
        ChangeQuery query = ChangeQuery.of(SnapshotTaken.of("stockholm", "db", 3, 2L, 8192, 4096, List.of("oslo")));

        assertThat(query.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(query.baseSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldAskForEveryAllocatedBlockWithoutABase() {
        ChangeQuery query = ChangeQuery.of(SnapshotTaken.of("stockholm", "db", 1, null, 8192, 4096, List.of("oslo")));

        assertThat(query.method()).isEqualTo(ChangeMethod.FULL);
    }

    @Test
    void shouldFallBackToAFullCopyOfTheSameSnapshot() {
        ChangeQuery full = new ChangeQuery("db", 3, 2L).full();

        assertThat(full).isEqualTo(new ChangeQuery("db", 3, null));
        assertThat(full.method()).isEqualTo(ChangeMethod.FULL);
    }
}
