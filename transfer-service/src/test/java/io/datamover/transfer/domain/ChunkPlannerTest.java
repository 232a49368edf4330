package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.events.Extent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

    private static final long KIB = 1024;

    @Test
    void shouldPlanNoChunkForAnEmptyChangedSet() {
        assertThat(ChunkPlanner.plan(List.of(), 4 * KIB)).isEmpty();
    }

    @Test
    void shouldKeepSmallExtentsTogetherInOneChunk() {
        List<Extent> extents = List.of(new Extent(0, KIB), new Extent(8 * KIB, KIB), new Extent(64 * KIB, 2 * KIB));

        List<Chunk> chunks = ChunkPlanner.plan(extents, 4 * KIB);

        assertThat(chunks).containsExactly(new Chunk(0, extents));
    }

    @Test
    void shouldSplitAnExtentAtEveryChunkBoundary() {
        List<Chunk> chunks = ChunkPlanner.plan(List.of(new Extent(4 * KIB, 10 * KIB)), 4 * KIB);

        assertThat(chunks).containsExactly(
                new Chunk(0, List.of(new Extent(4 * KIB, 4 * KIB))),
                new Chunk(1, List.of(new Extent(8 * KIB, 4 * KIB))),
                new Chunk(2, List.of(new Extent(12 * KIB, 2 * KIB))));
    }

    @Test
    void shouldFillEveryChunkButTheLastAcrossExtents() {
        List<Extent> extents = List.of(new Extent(0, 3 * KIB), new Extent(10 * KIB, 3 * KIB), new Extent(20 * KIB, KIB));

        List<Chunk> chunks = ChunkPlanner.plan(extents, 4 * KIB);

        assertThat(chunks).containsExactly(
                new Chunk(0, List.of(new Extent(0, 3 * KIB), new Extent(10 * KIB, KIB))),
                new Chunk(1, List.of(new Extent(11 * KIB, 2 * KIB), new Extent(20 * KIB, KIB))));
    }

    @Test
    void shouldStartANewChunkExactlyWhenOneIsFull() {
        List<Chunk> chunks = ChunkPlanner.plan(List.of(new Extent(0, 4 * KIB), new Extent(8 * KIB, 4 * KIB)), 4 * KIB);

        assertThat(chunks).extracting(Chunk::extents).containsExactly(
                List.of(new Extent(0, 4 * KIB)), List.of(new Extent(8 * KIB, 4 * KIB)));
    }

    @Test
    void shouldCoverEveryChangedByteOnceInOrderWithinTheChunkSize() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Extent> extents = randomExtents(random);
            long chunkBytes = 1 + random.nextInt(64 * 1024);

            List<Chunk> chunks = ChunkPlanner.plan(extents, chunkBytes);

            assertThat(chunks).allSatisfy(c -> assertThat(c.dataBytes()).isBetween(1L, chunkBytes));
            assertThat(chunks.subList(0, Math.max(0, chunks.size() - 1)))
                    .allSatisfy(c -> assertThat(c.dataBytes()).isEqualTo(chunkBytes));
            assertThat(chunks).extracting(Chunk::index)
                    .containsExactlyElementsOf(IntStream.range(0, chunks.size()).boxed().toList());
            assertThat(merge(chunks.stream().flatMap(c -> c.extents().stream()).toList())).isEqualTo(merge(extents));
        }
    }

    @Test
    void shouldCountTwelveFramingBytesPerExtent() {
        Chunk chunk = new Chunk(0, List.of(new Extent(0, 100), new Extent(200, 50)));

        assertThat(chunk.framedBytes()).isEqualTo(150 + 2 * 12);
        assertThat(ChunkPlanner.framedBytes(List.of(chunk, chunk))).isEqualTo(2 * (150 + 2 * 12));
    }

    @Test
    void shouldRejectANonPositiveChunkSize() {
        assertThatThrownBy(() -> ChunkPlanner.plan(List.of(new Extent(0, 1)), 0))
                .hasMessageContaining("chunk size must be positive");
    }

    private static List<Extent> randomExtents(Random random) {
        List<Extent> extents = new ArrayList<>();
        long offset = 0;
        int count = random.nextInt(20);
        for (int i = 0; i < count; i++) {
            offset += random.nextInt(3) * 4096L;
            long length = 1 + random.nextInt(200 * 1024);
            extents.add(new Extent(offset, length));
            offset += length;
        }
        return extents;
    }

    /** Adjacent extents joined, so that two ways of cutting the same bytes compare equal. */
    private static List<Extent> merge(List<Extent> extents) {
        List<Extent> merged = new ArrayList<>();
        for (Extent extent : extents) {
            Extent last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.end() == extent.offset()) {
                merged.set(merged.size() - 1, new Extent(last.offset(), last.length() + extent.length()));
            } else {
                merged.add(extent);
            }
        }
        return merged;
    }
}
