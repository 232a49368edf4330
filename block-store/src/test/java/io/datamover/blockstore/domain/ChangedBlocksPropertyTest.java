package io.datamover.blockstore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.events.Extent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Changed block tracking against a model that remembers every write: for any history of writes, snapshots and
 * deletions, the delta between two retained snapshots is exactly the blocks the writes between them touched.
 */
class ChangedBlocksPropertyTest {

    private static final int BLOCK = 4096;
    private static final Geometry GEOMETRY = new Geometry(40L * BLOCK, BLOCK);

    sealed interface Step permits Write, Snapshot, Delete {
    }

    record Write(long offset, int length) implements Step {
    }

    record Snapshot() implements Step {
    }

    /** Deletes the retained snapshot at {@code index} modulo their count. */
    record Delete(int index) implements Step {
    }

    @Property(tries = 400)
    void deltaIsExactlyTheBlocksWrittenBetweenTwoRetainedSnapshots(@ForAll("histories") List<Step> history) {
        History replayed = replay(history);

        List<Long> retained = new ArrayList<>(replayed.snapshotTimes.keySet());
        for (int i = 0; i < retained.size(); i++) {
            for (int j = i + 1; j < retained.size(); j++) {
                long base = retained.get(i);
                long target = retained.get(j);
                List<Extent> delta = ExtentPages.all(replayed.changes.delta("vol", base, target), GEOMETRY);

                assertThat(delta).isEqualTo(replayed.expectedExtents(base, target));
                assertAscendingDisjointAndMerged(delta);
            }
        }
    }

    @Property(tries = 200)
    void deltaFromADeletedBaseIsRefused(@ForAll("histories") List<Step> history) {
        History replayed = replay(history);
        replayed.deleted.stream()
                .filter(base -> replayed.snapshotTimes.keySet().stream().anyMatch(t -> t > base))
                .forEach(base -> {
                    long target = replayed.snapshotTimes.keySet().stream().filter(t -> t > base).findFirst().get();
                    assertThatThrownBy(() -> replayed.changes.delta("vol", base, target))
                            .isInstanceOfSatisfying(StoreException.class,
                                    e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.BASE_NOT_RETAINED));
                });
    }

    @Property(tries = 200)
    void pagesFromAStartingOffsetAreTheExtentsAfterIt(@ForAll("histories") List<Step> history,
            @ForAll @IntRange(min = 0, max = 40 * BLOCK) int startingOffset,
            @ForAll @IntRange(min = 1, max = 5) int maxResults) {
        History replayed = replay(history);
        var allocated = replayed.changes.allocatedNow();
        List<Extent> expected = new ArrayList<>();
        for (Extent extent : ExtentPages.all(allocated, GEOMETRY)) {
            if (extent.end() > startingOffset) {
                long start = Math.max(extent.offset(), startingOffset);
                expected.add(new Extent(start, extent.end() - start));
            }
        }

        List<Extent> paged = new ArrayList<>();
        new ExtentPages(allocated, GEOMETRY, startingOffset, maxResults).forEachRemaining(page -> {
            assertThat(page).hasSizeBetween(1, maxResults);
            paged.addAll(page);
        });

        assertThat(paged).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> write = Combinators.combine(
                        Arbitraries.longs().between(0, GEOMETRY.sizeBytes() - 1),
                        Arbitraries.integers().between(1, 3 * BLOCK))
                .as((offset, length) -> new Write(offset, (int) Math.min(length, GEOMETRY.sizeBytes() - offset)));
        Arbitrary<Step> snapshot = Arbitraries.just(new Snapshot());
        Arbitrary<Step> delete = Arbitraries.integers().between(0, 20).map(Delete::new);
        return Arbitraries.frequencyOf(Tuple.of(6, write), Tuple.of(2, snapshot), Tuple.of(1, delete))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    private static void assertAscendingDisjointAndMerged(List<Extent> extents) {
        for (int i = 1; i < extents.size(); i++) {
            assertThat(extents.get(i).offset()).isGreaterThan(extents.get(i - 1).end());
        }
    }

    private static History replay(List<Step> history) {
        History replayed = new History();
        for (Step step : history) {
            replayed.apply(step);
        }
        return replayed;
    }

    /** The steps replayed on {@link ChangedBlocks} and remembered, write by write, in a model. */
    private static final class History {

        final ChangedBlocks changes = new ChangedBlocks();
        final Map<Long, Integer> snapshotTimes = new LinkedHashMap<>();
        final List<Long> deleted = new ArrayList<>();
        final List<boolean[]> writes = new ArrayList<>();
        long lastSnapshot;

        void apply(Step step) {
            if (step instanceof Write write) {
                changes.written(GEOMETRY.blocksOf(write.offset(), write.length()));
                boolean[] touched = new boolean[GEOMETRY.blockCount()];
                for (long b = write.offset() / BLOCK; b <= (write.offset() + write.length() - 1) / BLOCK; b++) {
                    touched[(int) b] = true;
                }
                writes.add(touched);
            } else if (step instanceof Snapshot) {
                lastSnapshot++;
                changes.seal(lastSnapshot);
                snapshotTimes.put(lastSnapshot, writes.size());
            } else if (step instanceof Delete delete && !snapshotTimes.isEmpty()) {
                long victim = new ArrayList<>(snapshotTimes.keySet()).get(delete.index() % snapshotTimes.size());
                changes.delete(victim);
                snapshotTimes.remove(victim);
                deleted.add(victim);
            }
        }

        List<Extent> expectedExtents(long base, long target) {
            boolean[] touched = new boolean[GEOMETRY.blockCount()];
            for (int w = snapshotTimes.get(base); w < snapshotTimes.get(target); w++) {
                for (int b = 0; b < touched.length; b++) {
                    touched[b] |= writes.get(w)[b];
                }
            }
            List<Extent> extents = new ArrayList<>();
            for (int b = 0; b < touched.length; b++) {
                if (touched[b]) {
                    int first = b;
                    while (b + 1 < touched.length && touched[b + 1]) {
                        b++;
                    }
                    extents.add(new Extent((long) first * BLOCK, (long) (b - first + 1) * BLOCK));
                }
            }
            return extents;
        }
    }
}
