package io.datamover.blockstore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeometryTest {

    @Test
    void shouldRejectASizeThatIsNotAMultipleOfTheBlockSize() {
        assertThatThrownBy(() -> new Geometry(65536 + 1, 65536))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("sizeBytes"));
    }

    @Test
    void shouldRejectABlockSizeThatIsNotAPowerOfTwoInRange() {
        for (int blockSize : new int[] {0, 2048, 3 * 4096, 8 * 1024 * 1024}) {
            assertThatThrownBy(() -> new Geometry(3L * 8 * 1024 * 1024, blockSize))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("blockSize"));
        }
    }

    @Test
    void shouldFindTheBlocksAByteRangeTouches() {
        Geometry geometry = new Geometry(10 * 4096, 4096);

        assertThat(geometry.blocksOf(4095, 2)).isEqualTo(new Geometry.BlockRange(0, 1));
        assertThat(geometry.blocksOf(4096, 4096)).isEqualTo(new Geometry.BlockRange(1, 1));
    }

    @Test
    void shouldNameTheLengthOfARangeEndingPastTheVolume() {
        Geometry geometry = new Geometry(10 * 4096, 4096);

        assertThatThrownBy(() -> geometry.checkRange(10 * 4096 - 1, 2, "length"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("length"))
                .hasMessageContaining("past the end");
    }
}
