package io.datamover.blockstore.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.Extent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class ExtentPagesTest {

    private static final Geometry GEOMETRY = new Geometry(16 * 4096, 4096);

    @Test
    void shouldMergeAdjacentBlocksIntoAscendingExtents() {
        RoaringBitmap blocks = RoaringBitmap.bitmapOf(7, 1, 2, 3, 9, 10);

        assertThat(ExtentPages.all(blocks, GEOMETRY)).containsExactly(
                new Extent(4096, 3 * 4096), new Extent(7 * 4096, 4096), new Extent(9 * 4096, 2 * 4096));
    }

    @Test
    void shouldPutAtMostMaxResultsExtentsInAPage() {
        RoaringBitmap blocks = RoaringBitmap.bitmapOf(0, 2, 4, 6, 8);

        List<List<Extent>> pages = pages(blocks, 0, 2);

        assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(pages.get(2)).containsExactly(new Extent(8 * 4096, 4096));
    }

    @Test
    void shouldStartTheExtentContainingTheStartingOffsetAtThatOffset() {
        RoaringBitmap blocks = RoaringBitmap.bitmapOf(0, 4, 5, 6, 9);

        List<List<Extent>> pages = pages(blocks, 5 * 4096 + 100, 10);

        assertThat(pages).containsExactly(List.of(
                new Extent(5 * 4096 + 100, 2 * 4096 - 100), new Extent(9 * 4096, 4096)));
    }

    @Test
    void shouldSkipExtentsEndingAtTheStartingOffset() {
        RoaringBitmap blocks = RoaringBitmap.bitmapOf(0, 1, 9);

        assertThat(pages(blocks, 2 * 4096, 10)).containsExactly(List.of(new Extent(9 * 4096, 4096)));
    }

    @Test
    void shouldReturnNothingFromTheEndOfTheVolume() {
        assertThat(pages(RoaringBitmap.bitmapOf(15), GEOMETRY.sizeBytes(), 10)).isEmpty();
    }

    private static List<List<Extent>> pages(RoaringBitmap blocks, long startingOffset, int maxResults) {
        List<List<Extent>> pages = new ArrayList<>();
        new ExtentPages(blocks, GEOMETRY, startingOffset, maxResults).forEachRemaining(pages::add);
        return pages;
    }
}
