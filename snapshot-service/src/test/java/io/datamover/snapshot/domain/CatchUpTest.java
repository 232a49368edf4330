package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private final CatchUp catchUp = new CatchUp();

    @Test
    void shouldNotBeCaughtUpBeforeTheEndOffsetsAreKnown() {
        assertThat(catchUp.isCaughtUp()).isFalse();
    }

    @Test
    void shouldBeCaughtUpOnceEveryPartitionWasReadToItsEnd() {
        catchUp.reach(Map.of(0, new CatchUp.Range(0, 2), 1, new CatchUp.Range(0, 1)));

        catchUp.consumed(0, 1);
        assertThat(catchUp.isCaughtUp()).isFalse();

        catchUp.consumed(1, 0);
        assertThat(catchUp.isCaughtUp()).isTrue();
    }

    @Test
    void shouldBeCaughtUpAtOnceWhenThePartitionsAreEmpty() {
        catchUp.reach(Map.of(0, new CatchUp.Range(0, 0), 1, new CatchUp.Range(7, 7)));

        assertThat(catchUp.isCaughtUp()).isTrue();
    }

    @Test
    void shouldCountRecordsProducedAfterTheStartAsReadToTheEnd() {
        catchUp.reach(Map.of(0, new CatchUp.Range(3, 5)));

        catchUp.consumed(0, 9);

        assertThat(catchUp.isCaughtUp()).isTrue();
    }
}
