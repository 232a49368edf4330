package io.datamover.mover.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.DeltaFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrittenSectorsTest {

    private static final int SECTOR = DeltaFormat.SECTOR_SIZE;

    @Test
    void shouldKeepTheSumsOfTheLastRecordWrittenOverEachSector() {
        WrittenSectors written = new WrittenSectors();
        written.written(0, new int[] {1, 2, 3, 4});
        written.written(8L * SECTOR, new int[] {9});

        written.written(SECTOR, new int[] {20, 30});

        assertThat(runs(written)).containsExactly(
                List.of(0L, 1), List.of((long) SECTOR, 20, 30), List.of(3L * SECTOR, 4), List.of(8L * SECTOR, 9));
    }

    @Test
    void shouldReplaceRunsARecordCoversWholeOrInPart() {
        WrittenSectors written = new WrittenSectors();
        written.written(2L * SECTOR, new int[] {1, 2});
        written.written(5L * SECTOR, new int[] {5, 6, 7});

        written.written(SECTOR, new int[] {10, 11, 12, 13, 14});

        assertThat(runs(written)).containsExactly(List.of((long) SECTOR, 10, 11, 12, 13, 14),
                List.of(6L * SECTOR, 6, 7));
    }

    @Test
    void shouldForgetEverythingWhenCleared() {
        WrittenSectors written = new WrittenSectors();
        written.written(0, new int[] {1});

        written.clear();

        assertThat(written.runs()).isEmpty();
    }

    /** Each run as its offset followed by its sums. */
    private static List<List<Number>> runs(WrittenSectors written) {
        return written.runs().stream().map(run -> {
            List<Number> flat = new ArrayList<>();
            flat.add(run.offset());
            for (int sum : run.sums()) {
                flat.add(sum);
            }
            return flat;
        }).toList();
    }
}
