package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Workload writes journaled in the intent log: acknowledged once their record is durable, their live blocks
 * written after it and synced by the next checkpoint. A store abandoned with {@link VolumeStore#halt()} stands for
 * one stopped by a crash; where the test says so, the live file then loses what it had not synced since the last
 * checkpoint, as a power cut would.
 */
class JournaledWriteTest extends StoreTest {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 64L * BLOCK;

    private final Random random = new Random(20261124);
    private final ExecutorService writers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @Test
    void shouldReadBackAnAcknowledgedWriteWhoseLiveBytesWereLostInACrashBeforeAnyCheckpoint() throws IOException {
        Volume volume = create("vol", SIZE);
        volume.snapshot();
        byte[] written = randomBytes(BLOCK);
        volume.write(3L * BLOCK, ByteBuffer.wrap(written));

        store.halt();
        loseLiveBytes("vol", 3L * BLOCK, new byte[BLOCK], false);
        Volume reopened = reopen("vol");

        assertThat(reopened.read(3L * BLOCK, BLOCK)).isEqualTo(written);
        assertThat(reopened.verifyLive().intact()).isTrue();
        assertThat(reopened.verifyChanged().checkedBytes()).as("the blocks tracked as written since snapshot 1")
                .isEqualTo(BLOCK);
        reopened.snapshot();
        assertThat(reopened.delta(1, 2).blocks().toArray()).containsExactly(3);
    }

    @Test
    void shouldNotReplayATornRecordAndLoseNoEarlierWrite() throws IOException {
        Volume volume = create("vol", SIZE);
        byte[] first = randomBytes(BLOCK);
        byte[] last = randomBytes(BLOCK);
        volume.write(BLOCK, ByteBuffer.wrap(first));
        volume.write(2L * BLOCK, ByteBuffer.wrap(last));

        store.halt();
        // The last append torn, the end of its data never on disk: so neither was its live write, which follows it.
        long lastRecord = IntentLog.FIRST_RECORD + IntentLog.HEADER_BYTES + BLOCK;
        try (FileChannel log = FileChannel.open(layout("vol").intentLog(), StandardOpenOption.WRITE)) {
            log.write(ByteBuffer.allocate(4096), lastRecord + IntentLog.HEADER_BYTES + BLOCK - 4096);
        }
        loseLiveBytes("vol", BLOCK, new byte[BLOCK], true);
        loseLiveBytes("vol", 2L * BLOCK, new byte[BLOCK], true);
        Volume reopened = reopen("vol");

        assertThat(reopened.read(BLOCK, BLOCK)).isEqualTo(first);
        assertThat(reopened.read(2L * BLOCK, BLOCK)).isEqualTo(new byte[BLOCK]);
        assertThat(reopened.verifyLive().intact()).isTrue();
    }

    @Test
    void shouldCheckpointWhenTheJournalIsFullAndLetConcurrentWritersGoOn() throws Exception {
        int blocks = 384;
        Volume volume = create("big", (long) blocks * BLOCK);
        byte[][] written = new byte[blocks][];
        List<Callable<Void>> work = new ArrayList<>();
        for (int writer = 0; writer < 4; writer++) {
            int first = writer;
            work.add(() -> {
                for (int block = first; block < blocks; block += 4) {
                    written[block] = randomBytes(BLOCK);
                    volume.write((long) block * BLOCK, ByteBuffer.wrap(written[block]));
                }
                return null;
            });
        }
        runTogether(work);

        store.halt();
        RoaringBitmap checkpointed = AtomicFiles.readBitmap(layout("big").dirty());
        assertThat(checkpointed.getLongCardinality()).as("blocks made durable by a checkpoint of the full journal")
                .isPositive().isLessThan(blocks);
        for (int block = 0; block < blocks; block++) {
            if (!checkpointed.contains(block)) {
                loseLiveBytes("big", (long) block * BLOCK, new byte[BLOCK], false);
            }
        }
        Volume reopened = reopen("big");

        for (int block = 0; block < blocks; block++) {
            assertThat(reopened.read((long) block * BLOCK, BLOCK)).as("block %d", block).isEqualTo(written[block]);
        }
        assertThat(reopened.verifyLive().intact()).isTrue();
        assertThat(reopened.verifyChanged().checkedBytes()).isEqualTo((long) blocks * BLOCK);
    }

    @Test
    void shouldJournalAWriteLongerThanARecordInPiecesAndReplayThemAll() throws IOException {
        Volume volume = create("vol", SIZE);
        byte[] written = randomBytes(40 * BLOCK);
        volume.write(BLOCK, ByteBuffer.wrap(written));

        store.halt();
        loseLiveBytes("vol", BLOCK, new byte[written.length], true);
        Volume reopened = reopen("vol");

        assertThat(reopened.read(BLOCK, written.length)).isEqualTo(written);
        assertThat(reopened.verifyLive().intact()).isTrue();
    }

    @Test
    void shouldKeepTheSnapshotsContentOfABlockCopiedOnWriteAcrossACrash() throws IOException {
        Volume volume = create("vol", SIZE);
        byte[] before = randomBytes(BLOCK);
        byte[] after = randomBytes(BLOCK);
        volume.write(5L * BLOCK, ByteBuffer.wrap(before));
        volume.snapshot();
        volume.write(5L * BLOCK, ByteBuffer.wrap(after));

        store.halt();
        loseLiveBytes("vol", 5L * BLOCK, before, false);
        Volume reopened = reopen("vol");

        assertThat(reopened.readSnapshot(1, 5L * BLOCK, BLOCK)).isEqualTo(before);
        assertThat(reopened.read(5L * BLOCK, BLOCK)).isEqualTo(after);
        assertThat(reopened.verify(1).intact()).isTrue();
        assertThat(reopened.verifyLive().intact()).isTrue();
    }

    @Test
    void shouldReplayConcurrentWritesOfTheSameBlockToWhatWasReadBeforeTheCrash() throws Exception {
        Volume volume = create("vol", SIZE);
        int rounds = 16;
        int concurrent = 8;
        byte[][] read = new byte[rounds][];
        for (int round = 0; round < rounds; round++) {
            long offset = (long) round * BLOCK;
            CyclicBarrier start = new CyclicBarrier(concurrent);
            List<Callable<Void>> work = new ArrayList<>();
            for (int writer = 0; writer < concurrent; writer++) {
                byte[] content = randomBytes(BLOCK);
                work.add(() -> {
                    start.await();
                    volume.write(offset, ByteBuffer.wrap(content));
                    return null;
                });
            }
            runTogether(work);
            read[round] = volume.read(offset, BLOCK);
        }

        store.halt();
        loseLiveBytes("vol", 0, new byte[rounds * BLOCK], false);
        Volume reopened = reopen("vol");

        for (int round = 0; round < rounds; round++) {
            assertThat(reopened.read((long) round * BLOCK, BLOCK)).as("block %d", round).isEqualTo(read[round]);
        }
    }

    private Volume create(String id, long size) throws IOException {
        return store.create(new CreateVolume(id, size, BLOCK, VolumeRole.PRIMARY));
    }

    private Volume reopen(String id) throws IOException {
        store = VolumeStore.open(dataDir, SITE);
        return store.get(id);
    }

    private VolumeLayout layout(String id) {
        return VolumeLayout.of(dataDir, id);
    }

    /**
     * Puts {@code before} back at {@code offset} of the live file, as if the writes there since the last sync had
     * never reached the disk; with {@code sumsToo} their sector sums as well, else those stay as written.
     */
    private void loseLiveBytes(String id, long offset, byte[] before, boolean sumsToo) throws IOException {
        try (FileChannel data = FileChannel.open(layout(id).data(), StandardOpenOption.WRITE)) {
            data.write(ByteBuffer.wrap(before), offset);
        }
        if (sumsToo) {
            try (FileChannel sums = FileChannel.open(layout(id).dataSums(), StandardOpenOption.WRITE)) {
                sums.write(SectorSums.of(ByteBuffer.wrap(before)), SectorSums.positionOf(offset));
            }
        }
    }

    private void runTogether(List<Callable<Void>> work) throws Exception {
        List<Future<Void>> running = new ArrayList<>();
        for (Callable<Void> task : work) {
            running.add(writers.submit(task));
        }
        for (Future<Void> task : running) {
            try {
                task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private synchronized byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
