package io.datamover.blockstore.storage;

import static io.datamover.runtime.FileDamage.flipByte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** A delta received in parts, as transfers write it: begin, parts in any order and in parallel, seal. */
class ApplyInPartsTest extends StoreTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 256L * BLOCK;

    private Volume primary;
    private Volume replica;
    private final Random random = new Random(20261121);

    @BeforeEach
    void createVolumes() throws IOException {
        primary = store.create(new CreateVolume("origin", SIZE, BLOCK, VolumeRole.PRIMARY));
        replica = store.create(new CreateVolume("copy", SIZE, BLOCK, VolumeRole.REPLICA));
        replica.freeze("receiving");
    }

    @Test
    void shouldMakeTheReplicaEqualToTheSourceFromPartsWrittenInParallelInAnyOrder() throws Exception {
        Long base = null;
        for (int round = 0; round < 3; round++) {
            writeRandomBlocks(40);
            long snapshot = primary.snapshot().number();
            RoaringBitmap blocks = base == null ? primary.allocated(snapshot) : primary.delta(base, snapshot).blocks();
            List<byte[]> parts = parts(snapshot, blocks);
            Collections.shuffle(parts, random);

            replica.beginApply(base, snapshot);
            long applied = applyInParallel(base, snapshot, parts);
            replica.sealApply(snapshot);

            assertThat(applied).isEqualTo(blocks.getLongCardinality() * BLOCK);
            assertThat(replica.metadata().consistentSnapshot()).isEqualTo(snapshot);
            assertThat(replica.digest(snapshot)).isEqualTo(primary.digest(snapshot));
            base = snapshot;
        }
    }

    @Test
    void shouldKeepTheConsistentSnapshotReadableWhilePartsArrive() throws IOException {
        writeRandomBlocks(30);
        primary.snapshot();
        replicate(null, 1);
        String consistent = replica.digest(1);
        writeRandomBlocks(30);
        primary.snapshot();

        replica.beginApply(1L, 2);
        for (byte[] part : parts(2, primary.delta(1, 2).blocks())) {
            replica.applyPart(1L, 2, Deltas.reader(part));
        }

        assertThat(replica.digest(1)).isEqualTo(consistent);
        assertThat(replica.metadata().consistentSnapshot()).isEqualTo(1L);
    }

    @Test
    void shouldUndoThePartsOfAnAbandonedDeltaWhenTheNextOneBegins() throws IOException {
        writeRandomBlocks(30);
        primary.snapshot();
        replicate(null, 1);
        byte[] original = primary.readSnapshot(1, 5L * BLOCK, BLOCK);
        primary.write(5L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        primary.snapshot();
        replica.beginApply(1L, 2);
        replica.applyPart(1L, 2, Deltas.reader(parts(2, RoaringBitmap.bitmapOf(5)).get(0)));
        // Snapshot 2 is abandoned; by snapshot 3 block 5 is back as it was, so a delta by content leaves it out.
        primary.write(5L * BLOCK, ByteBuffer.wrap(original));
        primary.write(6L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        primary.snapshot();

        replica.beginApply(1L, 3);
        replica.applyPart(1L, 3, Deltas.reader(parts(3, RoaringBitmap.bitmapOf(6)).get(0)));
        replica.sealApply(3);

        assertThat(replica.digest(3)).isEqualTo(primary.digest(3));
    }

    @Test
    void shouldReportTheBlocksOfAPartCorruptedBeforeTheSeal() throws IOException {
        writeRandomBlocks(30);
        primary.snapshot();
        replicate(null, 1);
        primary.write(9L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        primary.write(10L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        primary.snapshot();
        replica.beginApply(1L, 2);
        for (byte[] part : parts(2, primary.delta(1, 2).blocks())) {
            replica.applyPart(1L, 2, Deltas.reader(part));
        }
        assertThat(replica.verifyChanged().intact()).isTrue();

        flipByte(dataDir.resolve("volumes/copy/data"), 10L * BLOCK + 77);
        Verification damaged = replica.verifyChanged();

        assertThat(damaged.intact()).isFalse();
        assertThat(damaged.checkedBytes()).isEqualTo(2L * BLOCK);
        assertThat(damaged.corruptBlocks()).extracting(Verification.CorruptBlock::offset)
                .containsExactly(10L * BLOCK);
    }

    @Test
    void shouldIgnorePartsAndSealsOfASnapshotTheReplicaAlreadyHolds() throws IOException {
        writeRandomBlocks(10);
        primary.snapshot();
        replicate(null, 1);
        String digest = replica.digest(1);

        replica.beginApply(null, 1);
        long again = replica.applyPart(null, 1, Deltas.reader(parts(1, primary.allocated(1)).get(0)));
        replica.sealApply(1);

        assertThat(again).isZero();
        assertThat(replica.digest(1)).isEqualTo(digest);
        assertThat(replica.snapshots()).hasSize(1);
    }

    @Test
    void shouldRefusePartsForAReplicaThatIsNotFrozenOrBehindTheBase() throws IOException {
        writeRandomBlocks(10);
        primary.snapshot();
        byte[] part = parts(1, primary.allocated(1)).get(0);

        assertThatThrownBy(() -> replica.applyPart(1L, 2, Deltas.reader(part)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BASE_MISMATCH));
        replica.thaw();
        assertThatThrownBy(() -> replica.applyPart(null, 1, Deltas.reader(part)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FROZEN));
        assertThatThrownBy(() -> primary.beginApply(null, 2))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REPLICA));
        assertThat(replica.verifyChanged().checkedBytes()).isZero();
    }

    private void replicate(Long base, long snapshot) throws IOException {
        RoaringBitmap blocks = base == null ? primary.allocated(snapshot) : primary.delta(base, snapshot).blocks();
        replica.beginApply(base, snapshot);
        for (byte[] part : parts(snapshot, blocks)) {
            replica.applyPart(base, snapshot, Deltas.reader(part));
        }
        replica.sealApply(snapshot);
    }

    private long applyInParallel(Long base, long snapshot, List<byte[]> parts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> applied = new ArrayList<>();
            for (byte[] part : parts) {
                applied.add(pool.submit(() -> replica.applyPart(base, snapshot, Deltas.reader(part))));
            }
            long total = 0;
            for (Future<Long> bytes : applied) {
                total += bytes.get();
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    /** The delta of {@code blocks} cut into parts of one extent each. */
    private List<byte[]> parts(long snapshot, RoaringBitmap blocks) throws IOException {
        return Deltas.parts(primary, snapshot, blocks);
    }

    private void writeRandomBlocks(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int block = random.nextInt((int) (SIZE / BLOCK));
            int blocks = 1 + random.nextInt(3);
            int length = (int) Math.min((long) blocks * BLOCK, SIZE - (long) block * BLOCK);
            primary.write((long) block * BLOCK, ByteBuffer.wrap(randomBytes(length)));
        }
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }
}
