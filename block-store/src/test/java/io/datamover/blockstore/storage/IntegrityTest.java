package io.datamover.blockstore.storage;

import static io.datamover.runtime.FileDamage.flipByte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** Checksums kept with every sector of the live and copy-on-write files, and the verification that reads them. */
class IntegrityTest extends StoreTest {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 32L * BLOCK;

    private Volume volume;
    private final Random random = new Random(7);

    @BeforeEach
    void createVolume() throws IOException {
        volume = store.create(new CreateVolume("vol", SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    @Test
    void shouldFindAVolumeNeverWrittenIntact() throws IOException {
        Verification live = volume.verifyLive();

        assertThat(live.intact()).isTrue();
        assertThat(live.checkedBytes()).isEqualTo(SIZE);
        assertThat(live.digest()).isEqualTo(sha256(new byte[(int) SIZE]));
    }

    @Test
    void shouldDigestWhatASnapshotReadsAndFindItIntact() throws IOException {
        write(3, 0, BLOCK);
        write(4, 8192, 4096);
        long snapshot = volume.snapshot().number();
        write(3, 0, BLOCK);

        Verification verification = volume.verify(snapshot);

        assertThat(verification.intact()).isTrue();
        assertThat(verification.corruptBlocks()).isEmpty();
        assertThat(verification.snapshot()).isEqualTo(snapshot);
        assertThat(verification.digest()).isEqualTo(sha256(volume.readSnapshot(snapshot, 0, (int) SIZE)));
        assertThat(volume.digest(snapshot)).isEqualTo(verification.digest());
        assertThat(volume.verifyLive().digest()).isEqualTo(sha256(volume.read(0, (int) SIZE)));
    }

    @Test
    void shouldReportABlockOfTheLiveFileWhoseContentChangedBehindTheStoresBack() throws IOException {
        write(5, 0, BLOCK);
        long snapshot = volume.snapshot().number();

        flipByte(dataDir.resolve("volumes/vol/data"), 5L * BLOCK + 3 * 4096 + 17);

        Verification live = volume.verifyLive();
        assertThat(live.intact()).isFalse();
        assertThat(live.corruptBlockCount()).isEqualTo(1);
        assertThat(live.corruptBlocks()).containsExactly(
                new Verification.CorruptBlock(5, 5L * BLOCK, 1, Path.of("volumes", "vol", "data").toString()));
        assertThat(volume.verify(snapshot).corruptBlocks()).extracting(Verification.CorruptBlock::block)
                .containsExactly(5L);
        assertThatThrownBy(() -> volume.digest(snapshot)).isInstanceOf(StoreException.class)
                .hasMessageContaining("1 corrupt blocks").hasMessageContaining("offset " + 5L * BLOCK)
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.CORRUPT);
    }

    @Test
    void shouldReportABlockOfASnapshotsCopyOnWriteFileAndOnlyInTheSnapshotsThatReadIt() throws IOException {
        write(2, 0, BLOCK);
        long first = volume.snapshot().number();
        write(2, 0, BLOCK);
        long second = volume.snapshot().number();

        flipByte(dataDir.resolve("volumes/vol/snap-" + first + ".cow"), 2L * BLOCK + 100);

        assertThat(volume.verify(first).corruptBlocks()).containsExactly(new Verification.CorruptBlock(2,
                2L * BLOCK, 1, Path.of("volumes", "vol", "snap-" + first + ".cow").toString()));
        assertThat(volume.verify(second).intact()).isTrue();
        assertThat(volume.verifyLive().intact()).isTrue();
    }

    @Test
    void shouldReportASectorWhoseStoredChecksumWasDamaged() throws IOException {
        write(6, 0, BLOCK);

        flipByte(dataDir.resolve("volumes/vol/data.sums"), (6L * BLOCK / 4096 + 2) * 4);

        assertThat(volume.verifyLive().corruptBlocks()).extracting(Verification.CorruptBlock::block,
                Verification.CorruptBlock::sectors).containsExactly(org.assertj.core.groups.Tuple.tuple(6L, 1));
    }

    @Test
    void shouldCountEverySectorThatDoesNotMatchInABlock() throws IOException {
        write(1, 0, BLOCK);
        Path data = dataDir.resolve("volumes/vol/data");
        flipByte(data, BLOCK);
        flipByte(data, BLOCK + 4096L * 15);
        flipByte(data, 9L * BLOCK);

        Verification live = volume.verifyLive();

        assertThat(live.corruptBlocks()).extracting(Verification.CorruptBlock::block,
                Verification.CorruptBlock::sectors).containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 2),
                        org.assertj.core.groups.Tuple.tuple(9L, 1));
    }

    @Test
    void shouldKeepChecksumsRightWhenDeletingASnapshotMovesItsBlocks() throws IOException {
        write(4, 0, BLOCK);
        long first = volume.snapshot().number();
        long second = volume.snapshot().number();
        write(4, 0, BLOCK);
        String before = volume.digest(first);

        volume.deleteSnapshot(second);

        assertThat(volume.verify(first).intact()).isTrue();
        assertThat(volume.verify(first).digest()).isEqualTo(before);
    }

    @Test
    void shouldTakeTheChecksumsOfBlocksWrittenWhenTheStoreStoppedFromTheirContentAfterAnUncleanStop()
            throws IOException {
        write(7, 0, BLOCK);
        volume.snapshot();
        write(7, 0, BLOCK);
        write(8, 4096, 8192);
        Path data = dataDir.resolve("volumes/vol/data");
        // A write in flight at the crash: its data landed, its checksums did not.
        flipByte(data, 8L * BLOCK + 4096);

        store.halt();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("vol");

        assertThat(reopened.verifyLive().intact()).isTrue();
        assertThat(reopened.verify(1).intact()).isTrue();
    }

    @Test
    void shouldTakeTheChecksumsOfASealedEpochFromItsDataWhenTheyWereNotYetDurableAtAnUncleanStop()
            throws IOException {
        write(7, 0, BLOCK);
        volume.snapshot();
        await().until(() -> Files.exists(dataDir.resolve("volumes/vol/sums.durable")));
        write(7, 0, BLOCK);
        volume.snapshot();
        await().until(() -> Files.readString(dataDir.resolve("volumes/vol/sums.durable")).equals("2"));
        // As if the sync of epoch 2's sums had not happened: they are lost, the data of the epoch is not.
        Files.writeString(dataDir.resolve("volumes/vol/sums.durable"), "1");
        flipByte(dataDir.resolve("volumes/vol/data.sums"), 7L * BLOCK / 4096 * 4);
        flipByte(dataDir.resolve("volumes/vol/snap-1.sums"), 7L * BLOCK / 4096 * 4);

        store.halt();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("vol");

        assertThat(reopened.verifyLive().intact()).isTrue();
        assertThat(reopened.verify(1).intact()).isTrue();
        assertThat(reopened.verify(2).intact()).isTrue();
    }

    @Test
    void shouldTrustTheChecksumsOfEpochsWhoseSumsWereDurableAtAnUncleanStop() throws IOException {
        write(7, 0, BLOCK);
        volume.snapshot();
        await().until(() -> Files.exists(dataDir.resolve("volumes/vol/sums.durable")));
        flipByte(dataDir.resolve("volumes/vol/data.sums"), 7L * BLOCK / 4096 * 4);

        store.halt();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("vol");

        assertThat(reopened.verify(1).corruptBlocks()).extracting(Verification.CorruptBlock::block)
                .containsExactly(7L);
    }

    @Test
    void shouldStillReportCorruptionOfBlocksSealedBeforeAnUncleanStop() throws IOException {
        write(7, 0, BLOCK);
        volume.snapshot();
        await().until(() -> Files.exists(dataDir.resolve("volumes/vol/sums.durable")));
        write(8, 0, BLOCK);
        flipByte(dataDir.resolve("volumes/vol/data"), 7L * BLOCK + 5);

        store.halt();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("vol");

        assertThat(reopened.verifyLive().corruptBlocks()).extracting(Verification.CorruptBlock::block)
                .containsExactly(7L);
    }

    @Test
    void shouldCountBlocksHoldingDataAsAllocatedWhenAnEpochUpToTheSnapshotIsDistrusted() throws IOException {
        write(2, 0, BLOCK);
        volume.snapshot();
        write(9, 0, 4096);
        // Data the changed block tracking never saw (a file system that lost the intent log's sync).
        Path data = dataDir.resolve("volumes/vol/data");
        flipByte(data, 14L * BLOCK);
        store.halt();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("vol");
        long snapshot = reopened.snapshot().number();

        assertThat(reopened.allocated(1).toArray()).containsExactly(2);
        assertThat(reopened.allocated(snapshot).toArray()).containsExactly(2, 9, 14);
    }

    @Test
    void shouldVerifyACloneThroughTheFilesOfItsOrigin() throws IOException {
        write(2, 0, BLOCK);
        write(3, 0, BLOCK);
        long snapshot = volume.snapshot().number();
        Volume clone = store.clone("vol", snapshot, "copy");
        clone.write(3L * BLOCK, ByteBuffer.wrap(randomBytes(4096)));

        assertThat(clone.verifyLive().intact()).isTrue();
        flipByte(dataDir.resolve("volumes/vol/data"), 2L * BLOCK + 9);

        assertThat(clone.verifyLive().corruptBlocks()).containsExactly(
                new Verification.CorruptBlock(2, 2L * BLOCK, 1, Path.of("volumes", "vol", "data").toString()));
    }

    @Test
    void shouldVerifyAReplicaAfterApplyingADeltaWithTheDigestOfItsSource() throws IOException {
        write(1, 0, BLOCK);
        write(12, 4096, 4096 * 3);
        long snapshot = volume.snapshot().number();
        Volume replica = store.create(new CreateVolume("replica", SIZE, BLOCK, VolumeRole.REPLICA));
        replica.freeze("replicating");
        RoaringBitmap allocated = volume.allocated(snapshot);

        replica.apply(null, snapshot, Deltas.reader(volume, snapshot, allocated));

        Verification verification = replica.verify(snapshot);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.digest()).isEqualTo(volume.verify(snapshot).digest());
    }

    @Test
    void shouldListAtMostAHundredCorruptBlocksAndCountThemAll() throws IOException {
        Volume big = store.create(new CreateVolume("big", 200L * 4096, 4096, VolumeRole.PRIMARY));
        big.write(0, ByteBuffer.wrap(randomBytes(200 * 4096)));
        Path data = dataDir.resolve("volumes/big/data");
        for (int block = 0; block < 150; block++) {
            flipByte(data, block * 4096L + 1);
        }

        Verification verification = big.verifyLive();

        assertThat(verification.corruptBlockCount()).isEqualTo(150);
        assertThat(verification.corruptBlocks()).hasSize(Verification.LISTED);
        assertThat(verification.sectorSize()).isEqualTo(Geometry.SECTOR_SIZE);
    }

    private void write(int block, int offsetInBlock, int length) throws IOException {
        volume.write((long) block * BLOCK + offsetInBlock, ByteBuffer.wrap(randomBytes(length)));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
