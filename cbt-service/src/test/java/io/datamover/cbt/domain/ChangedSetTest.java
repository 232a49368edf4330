package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangedSetTest {

    private static final SnapshotTaken SNAPSHOT =
            SnapshotTaken.of("stockholm", "db", 2, 1L, 1 << 20, 4096, List.of("falkenberg"));

    private static final List<Extent> EXTENTS = List.of(
            new Extent(0, 4096), new Extent(8192, 4096), new Extent(16384, 8192),
            new Extent(32768, 4096), new Extent(40960, 4096));

    @Test
    void shouldSplitIntoPagesOfAtMostThePageSize() {
        List<BlocksChanged> pages = new ChangedSet(SNAPSHOT, ChangeMethod.CBT, 1L, EXTENTS).pages(2);

        assertThat(pages).extracting(BlocksChanged::page).containsExactly(0, 1, 2);
        assertThat(pages).allSatisfy(page -> {
            assertThat(page.pageCount()).isEqualTo(3);
            assertThat(page.changedBytes()).isEqualTo(24576);
            assertThat(page.extents()).hasSizeLessThanOrEqualTo(2);
        });
        assertThat(pages).flatExtracting(BlocksChanged::extents).containsExactlyElementsOf(EXTENTS);
    }

    @Test
    void shouldCarryTheSnapshotTheMethodAndTheBase() {
        BlocksChanged page = new ChangedSet(SNAPSHOT, ChangeMethod.CBT, 1L, EXTENTS).pages(4096).get(0);

        assertThat(page.volumeId()).isEqualTo("db");
        assertThat(page.snapshot()).isEqualTo(2);
        assertThat(page.baseSnapshot()).isEqualTo(1L);
        assertThat(page.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(page.targetSites()).containsExactly("falkenberg");
        assertThat(page.snapshotTakenAt()).isEqualTo(SNAPSHOT.timestamp());
    }

    @Test
    void shouldPublishOneEmptyPageWhenNothingChanged() {
        List<BlocksChanged> pages = new ChangedSet(SNAPSHOT, ChangeMethod.CBT, 1L, List.of()).pages(10);

        assertThat(pages).singleElement().satisfies(page -> {
            assertThat(page.pageCount()).isEqualTo(1);
            assertThat(page.extents()).isEmpty();
            assertThat(page.changedBytes()).isZero();
        });
    }

    @Test
    void shouldFillTheLastPageExactlyWhenTheExtentsDivideEvenly() {
        List<BlocksChanged> pages = new ChangedSet(SNAPSHOT, ChangeMethod.CBT, 1L, EXTENTS.subList(0, 4)).pages(2);

        assertThat(pages).hasSize(2);
    }
}
