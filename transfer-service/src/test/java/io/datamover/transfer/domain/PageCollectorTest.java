package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.datamover.events.Versions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCollectorTest {

    private final PageCollector<String> collector = new PageCollector<>();

    @Test
    void shouldCompleteASinglePageSetAtOnce() {
        var added = collector.add(page("vol-a", 1, 0, 1, new Extent(0, 4096)), "m0");

        assertThat(added.abandoned()).isEmpty();
        assertThat(added.completed()).hasValueSatisfying(c -> {
            assertThat(c.handles()).containsExactly("m0");
            assertThat(c.changedSet().extents()).containsExactly(new Extent(0, 4096));
            assertThat(c.changedSet().targetSites()).containsExactly("falkenberg");
        });
        assertThat(collector.pendingVolumes()).isZero();
    }

    @Test
    void shouldHoldPagesUntilTheLastOneIsInAndJoinTheirExtentsInPageOrder() {
        assertThat(collector.add(page("vol-a", 2, 0, 3, new Extent(0, 4096)), "m0").completed()).isEmpty();
        assertThat(collector.add(page("vol-a", 2, 2, 3, new Extent(65536, 4096)), "m2").completed()).isEmpty();
        assertThat(collector.pendingVolumes()).isEqualTo(1);

        var added = collector.add(page("vol-a", 2, 1, 3, new Extent(8192, 4096)), "m1");

        assertThat(added.completed()).hasValueSatisfying(c -> {
            assertThat(c.changedSet().extents())
                    .containsExactly(new Extent(0, 4096), new Extent(8192, 4096), new Extent(65536, 4096));
            assertThat(c.changedSet().changedBytes()).isEqualTo(3 * 4096);
            assertThat(c.handles()).containsExactly("m0", "m1", "m2");
        });
        assertThat(collector.pendingVolumes()).isZero();
    }

    @Test
    void shouldCollectVolumesIndependently() {
        collector.add(page("vol-a", 1, 0, 2, new Extent(0, 4096)), "a0");
        collector.add(page("vol-b", 1, 0, 2, new Extent(0, 4096)), "b0");

        var added = collector.add(page("vol-a", 1, 1, 2, new Extent(8192, 4096)), "a1");

        assertThat(added.completed()).hasValueSatisfying(c -> assertThat(c.handles()).containsExactly("a0", "a1"));
        assertThat(collector.pendingVolumes()).isEqualTo(1);
    }

    @Test
    void shouldAbandonAnIncompleteSetWhenTheNextSnapshotBegins() {
        collector.add(page("vol-a", 1, 0, 3, new Extent(0, 4096)), "s1p0");

        var added = collector.add(page("vol-a", 2, 0, 1, new Extent(0, 4096)), "s2p0");

        assertThat(added.abandoned()).hasValueSatisfying(a -> {
            assertThat(a.handles()).containsExactly("s1p0");
            assertThat(a.reason()).contains("volume vol-a snapshot 1", "pages [1, 2] of 3", "snapshot 2 began");
        });
        assertThat(added.completed()).hasValueSatisfying(c -> assertThat(c.changedSet().snapshot()).isEqualTo(2));
    }

    @Test
    void shouldStartOverWhenAPageArrivesAgain() {
        collector.add(page("vol-a", 1, 0, 2, new Extent(0, 4096)), "first");

        var again = collector.add(page("vol-a", 1, 0, 2, new Extent(0, 4096)), "again");
        var last = collector.add(page("vol-a", 1, 1, 2, new Extent(8192, 4096)), "last");

        assertThat(again.abandoned()).hasValueSatisfying(a -> {
            assertThat(a.handles()).containsExactly("first");
            assertThat(a.reason()).contains("page 0 arrived again");
        });
        assertThat(last.completed()).hasValueSatisfying(c -> assertThat(c.handles()).containsExactly("again", "last"));
    }

    private static BlocksChanged page(String volume, long snapshot, int page, int pageCount, Extent extent) {
        return new BlocksChanged(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), "stockholm", volume,
                snapshot, null, ChangeMethod.FULL, page, pageCount, 3 * 4096, 1 << 20, 4096, List.of(extent),
                List.of("falkenberg"), Instant.parse("2025-01-01T00:00:00Z"));
    }
}
