package io.datamover.blockstore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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

    @Test
    void shouldNameTheOffsetOfAWriteThatDoesNotStartOnASector() {
        Geometry geometry = new Geometry(16 * 16384, 16384);

        for (long offset : new long[] {1, 100, Geometry.SECTOR_SIZE - 1, 16384 + Geometry.SECTOR_SIZE / 2}) {
            assertThatThrownBy(() -> geometry.checkWrite(offset, Geometry.SECTOR_SIZE, "length"))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID_ARGUMENT);
                        assertThat(e.field()).isEqualTo("offset");
                    })
                    .hasMessageContaining("sector size " + Geometry.SECTOR_SIZE)
                    .hasMessageContaining(Long.toString(offset));
        }
    }

    @Test
    void shouldNameTheLengthOfAWriteThatDoesNotCoverWholeSectors() {
        Geometry geometry = new Geometry(16 * 16384, 16384);

        for (long length : new long[] {1, 100, Geometry.SECTOR_SIZE - 1, Geometry.SECTOR_SIZE + 1}) {
            assertThatThrownBy(() -> geometry.checkWrite(Geometry.SECTOR_SIZE, length, "length"))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID_ARGUMENT);
                        assertThat(e.field()).isEqualTo("length");
                    })
                    .hasMessageContaining("sector size " + Geometry.SECTOR_SIZE)
                    .hasMessageContaining(Long.toString(length));
        }
    }

    @Test
    void shouldAcceptAWriteOfWholeSectorsInsideOrAcrossBlocks() {
        Geometry geometry = new Geometry(16 * 16384, 16384);

        assertThatCode(() -> {
            geometry.checkWrite(0, Geometry.SECTOR_SIZE, "length");
            geometry.checkWrite(16384 - Geometry.SECTOR_SIZE, 2 * Geometry.SECTOR_SIZE, "length");
            geometry.checkWrite(16 * 16384 - Geometry.SECTOR_SIZE, Geometry.SECTOR_SIZE, "length");
            geometry.checkWrite(0, 16 * 16384, "length");
        }).doesNotThrowAnyException();
    }

    @Test
    void shouldCheckTheRangeOfAWriteBeforeItsAlignment() {
        Geometry geometry = new Geometry(16 * 16384, 16384);

        assertThatThrownBy(() -> geometry.checkWrite(16 * 16384 - Geometry.SECTOR_SIZE, 2 * Geometry.SECTOR_SIZE,
                "length"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("length"))
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> geometry.checkWrite(-Geometry.SECTOR_SIZE, Geometry.SECTOR_SIZE, "length"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("offset"))
                .hasMessageContaining("negative");
    }
}
