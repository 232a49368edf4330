package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roaringbitmap.RoaringBitmap;

class VolumeTest extends StoreTest {

    private static final int SECTOR = Geometry.SECTOR_SIZE;
    /** Four sectors: a write of one sector changes part of a block. */
    private static final int BLOCK = 4 * SECTOR;
    private static final long SIZE = 64L * BLOCK;

    private final Random random = new Random(20240521);

    @Test
    void shouldReadEverySnapshotAsTakenWhileTheVolumeKeepsChanging() throws IOException {
        Volume volume = primary("busy");
        VolumeModel model = new VolumeModel(SIZE);
        for (int round = 0; round < 12; round++) {
            for (int i = 0; i < 15; i++) {
                VolumeModel.randomWrite(random, volume, model);
            }
            model.take(volume.snapshot().number());
            assertSnapshotsMatch(volume, model);
        }
        assertThat(volume.read(0, (int) SIZE)).isEqualTo(model.live());
    }

    @Test
    void shouldTakeASnapshotWithoutCopyingData() throws IOException {
        Volume volume = primary("instant");
        volume.write(0, ByteBuffer.wrap(new byte[(int) SIZE]));

        long snapshot = volume.snapshot().number();

        assertThat(Files.exists(VolumeLayout.of(dataDir, "instant").cow(snapshot))).isFalse();
    }

    @Test
    void shouldKeepTheOtherSnapshotsIdenticalWhenMiddleOldestAndLatestAreDeleted() throws IOException {
        Volume volume = primary("pruned");
        VolumeModel model = new VolumeModel(SIZE);
        for (int n = 1; n <= 6; n++) {
            for (int i = 0; i < 20; i++) {
                VolumeModel.randomWrite(random, volume, model);
            }
            model.take(volume.snapshot().number());
        }

        for (long deleted : new long[] {3, 1, 6, 4}) {
            volume.deleteSnapshot(deleted);
            model.delete(deleted);
            assertSnapshotsMatch(volume, model);
            for (int i = 0; i < 10; i++) {
                VolumeModel.randomWrite(random, volume, model);
            }
            assertSnapshotsMatch(volume, model);
        }
        assertThat(volume.snapshots()).extracting(s -> s.number()).containsExactly(2L, 5L);
        assertThat(Files.exists(VolumeLayout.of(dataDir, "pruned").cow(3))).isFalse();
    }

    @Test
    void shouldNeverReuseTheNumberOfADeletedLatestSnapshot() throws IOException {
        Volume volume = primary("numbers");
        volume.snapshot();
        volume.snapshot();
        volume.deleteSnapshot(2);

        assertThat(volume.snapshot().number()).isEqualTo(3);
    }

    @Test
    void shouldKeepSnapshotsAndChangedBlocksAcrossARestart() throws IOException {
        Volume volume = primary("restarted");
        VolumeModel model = new VolumeModel(SIZE);
        write(volume, model, 0, sectors(1, 1));
        model.take(volume.snapshot().number());
        for (int i = 0; i < 20; i++) {
            VolumeModel.randomWrite(random, volume, model);
        }
        model.take(volume.snapshot().number());
        write(volume, model, 5L * BLOCK + SECTOR, sectors(1, 7));

        store.close();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("restarted");
        model.take(reopened.snapshot().number());

        assertSnapshotsMatch(reopened, model);
        assertThat(reopened.delta(2, 3).blocks().contains(5)).isTrue();
        assertThat(reopened.metadata().lastSnapshot()).isEqualTo(3);
    }

    @Test
    void shouldReportTheBlocksWrittenBetweenTwoRetainedSnapshots() throws IOException {
        Volume volume = primary("tracked");
        volume.write(0, ByteBuffer.wrap(sectors(1, 1)));
        volume.snapshot();
        volume.write(BLOCK - SECTOR, ByteBuffer.wrap(sectors(2, 2)));
        volume.snapshot();
        volume.write(10L * BLOCK + 2 * SECTOR, ByteBuffer.wrap(sectors(1, 3)));
        volume.snapshot();
        volume.deleteSnapshot(2);

        assertThat(volume.delta(1, 3).blocks().toArray()).containsExactly(0, 1, 10);
        assertThat(volume.allocated(3).toArray()).containsExactly(0, 1, 10);
        assertThatThrownBy(() -> volume.delta(2, 3))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BASE_NOT_RETAINED));
    }

    @Test
    void shouldRefuseWritesWhileFrozenAndAcceptThemOnceThawed() throws IOException {
        Volume volume = primary("paused");
        volume.freeze("switchover");

        assertThatThrownBy(() -> volume.write(0, ByteBuffer.wrap(sectors(1, 8))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FROZEN))
                .hasMessageContaining("switchover");
        assertThat(volume.read(0, SECTOR)).isEqualTo(new byte[SECTOR]);
        volume.thaw();
        volume.write(0, ByteBuffer.wrap(sectors(1, 9)));
        assertThat(volume.read(0, SECTOR)).isEqualTo(sectors(1, 9));
    }

    @Test
    void shouldBringAReplicaToEachSnapshotOfItsPrimary() throws IOException {
        Volume primary = primary("source");
        Volume replica = replica("target");
        VolumeModel model = new VolumeModel(SIZE);
        replica.freeze("initial copy");
        Long base = null;
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 10; i++) {
                VolumeModel.randomWrite(random, primary, model);
            }
            long snapshot = primary.snapshot().number();
            RoaringBitmap blocks = base == null ? primary.allocated(snapshot) : primary.delta(base, snapshot).blocks();

            long applied = replica.apply(base, snapshot, Deltas.reader(primary, snapshot, blocks));

            assertThat(applied).isEqualTo(blocks.getLongCardinality() * BLOCK);
            assertThat(replica.metadata().consistentSnapshot()).isEqualTo(snapshot);
            assertThat(replica.digest(snapshot)).isEqualTo(primary.digest(snapshot));
            base = snapshot;
        }
        assertThat(replica.snapshots()).extracting(s -> s.number()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void shouldIgnoreTheReApplyOfASnapshotTheReplicaAlreadyHolds() throws IOException {
        Volume primary = primary("origin");
        Volume replica = replica("copy");
        replica.freeze("apply");
        primary.write(0, ByteBuffer.wrap(sectors(1, 1)));
        primary.snapshot();
        replica.apply(null, 1, Deltas.reader(primary, 1, primary.allocated(1)));
        String digest = replica.digest(1);
        replica.thaw();

        long again = replica.apply(null, 1, Deltas.reader(primary, 1, primary.allocated(1)));

        assertThat(again).isZero();
        assertThat(replica.digest(1)).isEqualTo(digest);
        assertThat(replica.snapshots()).hasSize(1);
    }

    @Test
    void shouldSurviveARestartBetweenApplies() throws IOException {
        Volume primary = primary("src");
        Volume replica = replica("dst");
        replica.freeze("apply");
        primary.write(0, ByteBuffer.wrap(sectors(1, 1)));
        primary.snapshot();
        replica.apply(null, 1, Deltas.reader(primary, 1, primary.allocated(1)));

        store.close();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("dst");

        assertThat(reopened.metadata().consistentSnapshot()).isEqualTo(1L);
        assertThat(reopened.metadata().frozen()).isTrue();
        assertThat(reopened.readSnapshot(1, 0, SECTOR)).isEqualTo(sectors(1, 1));
    }

    @Test
    void shouldRefuseADeltaWhoseBaseTheReplicaHasNotReached() throws IOException {
        Volume replica = replica("behind");
        replica.freeze("apply");

        assertThatThrownBy(() -> replica.apply(1L, 2, Deltas.empty()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BASE_MISMATCH))
                .hasMessageContaining("base 1");
    }

    @Test
    void shouldRefuseToApplyToAThawedReplicaOrAPrimary() throws IOException {
        Volume replica = replica("open");
        Volume primary = primary("main");

        assertThatThrownBy(() -> replica.apply(null, 1, Deltas.empty()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FROZEN));
        assertThatThrownBy(() -> primary.apply(null, 1, Deltas.empty()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REPLICA));
    }

    @Test
    void shouldRefuseWorkloadWritesAndSnapshotsOnAReplica() throws IOException {
        Volume replica = replica("readonly");

        assertThatThrownBy(() -> replica.write(0, ByteBuffer.wrap(sectors(1, 1))))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPLICA_NOT_WRITABLE));
        assertThatThrownBy(replica::snapshot)
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPLICA_NOT_WRITABLE));
    }

    @Test
    void shouldLeaveTheReplicaAtItsConsistentSnapshotWhenADeltaIsTruncated() throws IOException {
        Volume primary = primary("sender");
        Volume replica = replica("receiver");
        replica.freeze("apply");
        primary.write(0, ByteBuffer.wrap(sectors(1, 5)));
        primary.snapshot();
        replica.apply(null, 1, Deltas.reader(primary, 1, primary.allocated(1)));
        primary.write(3L * BLOCK, ByteBuffer.wrap(sectors(1, 6)));
        primary.snapshot();
        byte[] delta = Deltas.bytes(primary, 2, primary.delta(1, 2).blocks());
        byte[] truncated = Arrays.copyOf(delta, delta.length - 100);

        assertThatThrownBy(() -> replica.apply(1L, 2, Deltas.reader(truncated)))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("delta");
                })
                .hasMessageContaining("truncated");
        assertThat(replica.metadata().consistentSnapshot()).isEqualTo(1L);
        assertThat(replica.readSnapshot(1, 0, SECTOR)).isEqualTo(sectors(1, 5));
        assertThat(replica.apply(1L, 2, Deltas.reader(delta))).isEqualTo(BLOCK);
        assertThat(replica.digest(2)).isEqualTo(primary.digest(2));
    }

    @Test
    void shouldZeroStaleBlocksWhenAFullCopyReplacesAReplica() throws IOException {
        Volume primary = primary("fresh");
        Volume replica = replica("stale");
        Volume other = primary("other");
        replica.freeze("apply");
        other.write(7L * BLOCK, ByteBuffer.wrap(sectors(1, 9)));
        other.snapshot();
        replica.apply(null, 1, Deltas.reader(other, 1, other.allocated(1)));
        primary.write(0, ByteBuffer.wrap(sectors(1, 1)));
        primary.snapshot();
        primary.snapshot();

        replica.apply(null, 2, Deltas.reader(primary, 2, primary.allocated(2)));

        assertThat(replica.digest(2)).isEqualTo(primary.digest(2));
        assertThat(replica.readSnapshot(2, 7L * BLOCK, SECTOR)).isEqualTo(new byte[SECTOR]);
        assertThat(replica.readSnapshot(1, 7L * BLOCK, SECTOR)).isEqualTo(sectors(1, 9));
    }

    @Test
    void shouldDigestTheWholeSnapshotWithSha256() throws IOException, NoSuchAlgorithmException {
        Volume volume = primary("digested");
        VolumeModel model = new VolumeModel(SIZE);
        for (int i = 0; i < 10; i++) {
            VolumeModel.randomWrite(random, volume, model);
        }
        model.take(volume.snapshot().number());
        VolumeModel.randomWrite(random, volume, model);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model.snapshot(1)));
        assertThat(volume.digest(1)).isEqualTo(expected);
    }

    @Test
    void shouldNameTheFieldOfAnOutOfRangeAccess() throws IOException {
        Volume volume = primary("bounds");

        assertThatThrownBy(() -> volume.write(SIZE - SECTOR, ByteBuffer.wrap(sectors(2, 1))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("length"))
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> volume.read(-1, 1))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("offset"));
        assertThatThrownBy(() -> volume.readSnapshot(1, 0, 1))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_NOT_FOUND));
    }

    @ParameterizedTest
    @CsvSource({
        "100,   4096, offset",
        "2048,  4096, offset",
        "16384, 100,  length",
        "16384, 6000, length",
    })
    void shouldRefuseAWriteThatDoesNotCoverWholeSectorsNamingTheFieldAndChangeNothing(long offset, int length,
            String field) throws IOException {
        Volume volume = primary("misaligned");
        volume.write(0, ByteBuffer.wrap(sectors(3 * BLOCK / SECTOR, 1)));
        volume.snapshot();
        volume.write(5L * BLOCK, ByteBuffer.wrap(sectors(1, 2)));
        byte[] before = volume.read(0, (int) SIZE);

        assertThatThrownBy(() -> volume.write(offset, ByteBuffer.wrap(bytes(length, 3))))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessageContaining("sector size " + SECTOR);

        assertThat(volume.read(0, (int) SIZE)).isEqualTo(before);
        long next = volume.snapshot().number();
        assertThat(volume.delta(1, next).blocks().toArray()).containsExactly(5);
        assertThat(volume.readSnapshot(next, 0, (int) SIZE)).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"100, 4096", "0, 100"})
    void shouldRefuseADeltaWithAMisalignedRecordLeavingTheReplicaAtItsConsistentSnapshot(long recordOffset,
            int recordLength) throws IOException {
        Volume primary = primary("aligned-source");
        Volume replica = replica("aligned-target");
        replica.freeze("apply");
        primary.write(0, ByteBuffer.wrap(sectors(2 * BLOCK / SECTOR, 1)));
        primary.snapshot();
        replica.apply(null, 1, Deltas.reader(primary, 1, primary.allocated(1)));
        byte[] first = replica.readSnapshot(1, 0, (int) SIZE);
        primary.write(BLOCK + SECTOR, ByteBuffer.wrap(sectors(1, 2)));
        primary.snapshot();
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(delta);
        writer.write(BLOCK, primary.readSnapshot(2, BLOCK, BLOCK));
        writer.write(BLOCK + recordOffset, bytes(recordLength, 3));
        writer.flush();

        assertThatThrownBy(() -> replica.apply(1L, 2, Deltas.reader(delta.toByteArray())))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("delta");
                })
                .hasMessageContaining("volume offset " + (BLOCK + recordOffset))
                .hasMessageContaining("sector size " + SECTOR);

        assertThat(replica.metadata().consistentSnapshot()).isEqualTo(1L);
        assertThat(replica.snapshots()).extracting(s -> s.number()).containsExactly(1L);
        assertThat(replica.readSnapshot(1, 0, (int) SIZE)).isEqualTo(first);
        assertThat(replica.apply(1L, 2, Deltas.reader(primary, 2, primary.delta(1, 2).blocks()))).isEqualTo(BLOCK);
        assertThat(replica.digest(2)).isEqualTo(primary.digest(2));
        assertThat(replica.readSnapshot(1, 0, (int) SIZE)).isEqualTo(first);
    }

    private Volume primary(String id) throws IOException {
        return store.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    private Volume replica(String id) throws IOException {
        return store.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.REPLICA));
    }

    private static void write(Volume volume, VolumeModel model, long offset, byte[] data) throws IOException {
        volume.write(offset, ByteBuffer.wrap(data));
        model.write(offset, data);
    }

    /** {@code count} whole sectors of content that differs with {@code seed}. */
    private static byte[] sectors(int count, int seed) {
        return bytes(count * SECTOR, seed);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static void assertSnapshotsMatch(Volume volume, VolumeModel model) throws IOException {
        for (Map.Entry<Long, byte[]> snapshot : model.snapshots().entrySet()) {
            assertThat(volume.readSnapshot(snapshot.getKey(), 0, (int) SIZE))
                    .as("snapshot %d of %s", snapshot.getKey(), volume.id())
                    .isEqualTo(snapshot.getValue());
        }
    }
}
