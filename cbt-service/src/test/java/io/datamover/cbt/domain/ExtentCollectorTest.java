package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.events.Extent;
import org.junit.jupiter.api.Test;

class ExtentCollectorTest {

    private final ExtentCollector collector = new ExtentCollector();

    @Test
    void shouldMergeExtentsThatTouch() {
        collector.add(0, 4096);
        collector.add(4096, 4096);
        collector.add(16384, 4096);

        assertThat(collector.extents()).containsExactly(new Extent(0, 8192), new Extent(16384, 4096));
        assertThat(collector.bytes()).isEqualTo(12288);
    }

    @Test
    void shouldMergeOverlappingExtentsCountingEachByteOnce() {
        collector.add(0, 8192);
        collector.add(4096, 8192);

        assertThat(collector.extents()).containsExactly(new Extent(0, 12288));
        assertThat(collector.bytes()).isEqualTo(12288);
    }

    @Test
    void shouldSkipEmptyExtents() {
        collector.add(0, 0);

        assertThat(collector.extents()).isEmpty();
    }

    @Test
    void shouldRejectExtentsOutOfOrder() {
        collector.add(8192, 4096);

        assertThatThrownBy(() -> collector.add(0, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of order");
    }
}
