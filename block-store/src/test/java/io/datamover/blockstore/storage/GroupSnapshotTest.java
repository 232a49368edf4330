package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupSnapshotTest {

    private static final int SECTOR = Geometry.SECTOR_SIZE;
    private static final int BLOCK = 4 * SECTOR;
    private static final long SIZE = 64L * BLOCK;
    /** Where the two writers of the atomicity test keep their counters. */
    private static final long[] COUNTERS = {0, 17L * BLOCK + SECTOR};

    @TempDir
    Path dataDir;

    private VolumeStore store;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "group-snapshot-test");
        thread.setDaemon(true);
        return thread;
    });
    /** Set when a test leaves threads stuck on the store's locks: closing it would wait for them forever. */
    private boolean storeStuck;

    @BeforeEach
    void openStore() throws IOException {
        store = VolumeStore.open(dataDir, "test-site");
    }

    @AfterEach
    void closeStore() throws IOException {
        threads.shutdownNow();
        if (!storeStuck) {
            store.close();
        }
    }

    /**
     * Two writers each write an increasing counter to volume A, then the same to volume B, so at any point in time A
     * holds B's counter or the next one. The group has a third volume between them, whose seal would give a writer
     * time to move on if the volumes were snapshotted one after the other.
     */
    @Test
    void shouldSnapshotTheVolumesAtOnePointInTimeWhileWritesGoOn() throws Exception {
        Volume a = primary("vol-1");
        primary("vol-2");
        Volume b = primary("vol-3");
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Long>> writers = new ArrayList<>();
        for (long offset : COUNTERS) {
            writers.add(threads.submit(() -> writeCountersInOrder(a, b, offset, stop)));
        }
        Set<Long> seen = new HashSet<>();
        try {
            for (int round = 0; round < 150; round++) {
                List<GroupSnapshot.Taken> taken = store.snapshotTogether(List.of("vol-1", "vol-2", "vol-3"));
                long inA = taken.get(0).snapshot().number();
                long inB = taken.get(2).snapshot().number();
                for (long offset : COUNTERS) {
                    long counterA = counter(a, inA, offset);
                    long counterB = counter(b, inB, offset);
                    assertThat(counterA - counterB)
                            .as("counter at offset %d in snapshot %d of A (%d) and %d of B (%d)", offset, inA,
                                    counterA, inB, counterB)
                            .isBetween(0L, 1L);
                    seen.add(counterA);
                }
            }
        } finally {
            stop.set(true);
        }
        for (Future<Long> writer : writers) {
            assertThat(writer.get(30, TimeUnit.SECONDS)).as("writes by one writer").isPositive();
        }
        assertThat(seen).as("counters seen in the snapshots: the writes went on between them").hasSizeGreaterThan(20);
    }

    @Test
    void shouldReturnTheSnapshotsInTheOrderOfTheRequest() throws IOException {
        primary("app-a");
        primary("app-b").snapshot();

        List<GroupSnapshot.Taken> taken = store.snapshotTogether(List.of("app-b", "app-a"));

        assertThat(taken).extracting(t -> t.volume().id()).containsExactly("app-b", "app-a");
        assertThat(taken).extracting(t -> t.snapshot().number()).containsExactly(2L, 1L);
        assertThat(store.get("app-b").metadata().latestSnapshot()).isEqualTo(2L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "no volume;                   ;                      INVALID_ARGUMENT",
        "a volume named twice;        app-a,app-b,app-a;      INVALID_ARGUMENT",
        "an id that is no id;         app-a,../app-b;         INVALID_ARGUMENT",
        "an unknown volume;           app-a,app-b,nowhere;    VOLUME_NOT_FOUND",
        "a replica;                   app-a,app-b,copy;       REPLICA_NOT_WRITABLE",
        "a frozen volume;             app-a,app-b,cold;       FROZEN"})
    void shouldTakeNoSnapshotOfAnyVolumeWhenOneCannotHaveIt(String what, String ids, Reason reason)
            throws IOException {
        primary("app-a").snapshot();
        primary("app-b");
        store.create(new CreateVolume("copy", SIZE, BLOCK, VolumeRole.REPLICA));
        primary("cold").freeze("switchover");
        List<VolumeMetadata> before = metadataOfAll();
        List<String> volumeIds = ids == null ? List.of() : Arrays.asList(ids.split(","));

        assertThatThrownBy(() -> store.snapshotTogether(volumeIds))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.field()).isEqualTo("volumeIds");
                });

        assertThat(metadataOfAll()).isEqualTo(before);
    }

    @Test
    void shouldDeleteTheSnapshotsAlreadyTakenWhenALaterOneFails() throws IOException {
        Volume a = primary("app-a");
        a.snapshot();
        a.write(3L * BLOCK, ByteBuffer.wrap(block(7)));
        primary("app-b").halt();
        List<VolumeMetadata.Snapshot> before = a.snapshots();

        assertThatThrownBy(() -> store.snapshotTogether(List.of("app-a", "app-b"))).isInstanceOf(IOException.class);

        assertThat(a.snapshots()).isEqualTo(before);
        long next = a.snapshot().number();
        assertThat(a.delta(1, next).blocks().toArray()).containsExactly(3);
        assertThat(a.readSnapshot(next, 3L * BLOCK, BLOCK)).isEqualTo(block(7));
        store.halt();
    }

    @Test
    void shouldFreezeEveryVolumeWithItsSnapshotSoThatNoWriteLandsAfterItDurably() throws IOException {
        Volume a = primary("app-a");
        Volume b = primary("app-b");
        a.write(0, ByteBuffer.wrap(block(1)));
        b.snapshot();
        b.write(BLOCK, ByteBuffer.wrap(block(2)));

        List<GroupSnapshot.Taken> taken = store.snapshotTogether(List.of("app-a", "app-b"), "switchover");

        assertThat(taken).extracting(t -> t.snapshot().number()).containsExactly(1L, 2L);
        for (Volume volume : List.of(a, b)) {
            assertThat(volume.metadata().frozenReason()).isEqualTo("switchover");
            assertThatThrownBy(() -> volume.write(0, ByteBuffer.wrap(block(3))))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FROZEN));
        }
        assertThat(a.readSnapshot(1, 0, BLOCK)).isEqualTo(block(1));
        assertThat(b.readSnapshot(2, BLOCK, BLOCK)).isEqualTo(block(2));
        store.halt();
        store = VolumeStore.open(dataDir, "test-site");
        for (String id : List.of("app-a", "app-b")) {
            VolumeMetadata reopened = store.get(id).metadata();
            assertThat(reopened.frozen()).as("%s frozen after a crash", id).isTrue();
            assertThat(reopened.latestSnapshot()).as("latest snapshot of %s after a crash", id)
                    .isEqualTo(id.equals("app-a") ? 1L : 2L);
        }
    }

    @Test
    void shouldSnapshotFrozenVolumesAgainWhenTheRequestFreezesThem() throws IOException {
        Volume a = primary("app-a");
        a.write(0, ByteBuffer.wrap(block(1)));
        a.freeze("maintenance");
        primary("app-b");
        store.snapshotTogether(List.of("app-a", "app-b"), "switchover");

        List<GroupSnapshot.Taken> again = store.snapshotTogether(List.of("app-a", "app-b"), "switchover, again");

        assertThat(again).extracting(t -> t.snapshot().number()).containsExactly(2L, 2L);
        assertThat(a.metadata().frozenReason()).isEqualTo("switchover, again");
        assertThat(a.delta(1, 2).blocks().isEmpty()).isTrue();
        assertThat(a.readSnapshot(2, 0, BLOCK)).isEqualTo(block(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "a replica;      copy;        switchover; REPLICA_NOT_WRITABLE; volumeIds",
        "a blank reason; app-b;       ' ';        INVALID_ARGUMENT;     freezeReason"})
    void shouldNeitherFreezeNorSnapshotAnyVolumeWhenOneCannotHaveIt(String what, String other, String reason,
            Reason refused, String field) throws IOException {
        primary("app-a");
        primary("app-b");
        store.create(new CreateVolume("copy", SIZE, BLOCK, VolumeRole.REPLICA));
        List<VolumeMetadata> before = metadataOfAll();

        assertThatThrownBy(() -> store.snapshotTogether(List.of("app-a", other), reason))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(refused);
                    assertThat(e.field()).isEqualTo(field);
                });

        assertThat(metadataOfAll()).isEqualTo(before);
    }

    @Test
    void shouldPutBackHowEachVolumeWasFrozenWhenALaterSnapshotFails() throws IOException {
        Volume maintained = primary("app-a");
        maintained.freeze("maintenance");
        Volume writable = primary("app-c");
        primary("app-b").halt();

        assertThatThrownBy(() -> store.snapshotTogether(List.of("app-a", "app-c", "app-b"), "switchover"))
                .isInstanceOf(IOException.class);

        assertThat(maintained.metadata().frozenReason()).isEqualTo("maintenance");
        assertThat(writable.metadata().frozen()).isFalse();
        assertThat(List.of(maintained, writable)).allSatisfy(volume -> assertThat(volume.snapshots()).isEmpty());
        writable.write(0, ByteBuffer.wrap(block(8)));
        assertThat(writable.read(0, BLOCK)).isEqualTo(block(8));
        store.halt();
    }

    /** A clone locks its origin after itself when it reads through to it: the group must lock in that order too. */
    @Test
    void shouldSnapshotACloneWithItsOriginWhileTheCloneIsRead() throws Exception {
        Volume origin = primary("a-origin");
        origin.write(0, ByteBuffer.wrap(block(1)));
        Volume clone = store.clone("a-origin", origin.snapshot().number(), "b-clone");
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> reader = threads.submit(() -> {
            while (!stop.get()) {
                clone.read(0, (int) SIZE);
            }
            return null;
        });
        Future<?> snapshots = threads.submit(() -> {
            for (int round = 0; round < 200; round++) {
                store.snapshotTogether(List.of("a-origin", "b-clone"));
            }
            return null;
        });
        try {
            snapshots.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            storeStuck = true;
            throw new AssertionError("the group snapshots of a clone and its origin did not finish: a deadlock", e);
        } finally {
            stop.set(true);
        }
        reader.get(30, TimeUnit.SECONDS);
        assertThat(clone.metadata().latestSnapshot()).isEqualTo(200L);
        assertThat(clone.readSnapshot(200, 0, BLOCK)).isEqualTo(block(1));
    }

    /** Writes an increasing counter to {@code a}, then the same to {@code b}, until stopped; returns the last. */
    private static long writeCountersInOrder(Volume a, Volume b, long offset, AtomicBoolean stop) throws IOException {
        long counter = 0;
        while (!stop.get()) {
            counter++;
            ByteBuffer value = ByteBuffer.allocate(SECTOR).putLong(0, counter);
            a.write(offset, value.duplicate());
            b.write(offset, value.duplicate());
        }
        return counter;
    }

    private static long counter(Volume volume, long snapshot, long offset) throws IOException {
        return ByteBuffer.wrap(volume.readSnapshot(snapshot, offset, SECTOR)).getLong(0);
    }

    private List<VolumeMetadata> metadataOfAll() {
        return store.list().stream().map(Volume::metadata).toList();
    }

    private Volume primary(String id) throws IOException {
        return store.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    private static byte[] block(int seed) {
        byte[] data = new byte[BLOCK];
        Arrays.fill(data, (byte) seed);
        return data;
    }
}
