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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class CloneTest extends StoreTest {

    private static final int SECTOR = Geometry.SECTOR_SIZE;
    /** Four sectors: a clone's first write of one sector must keep its origin's content of the rest. */
    private static final int BLOCK = 4 * SECTOR;
    private static final long SIZE = 64L * BLOCK;

    private final Random random = new Random(20261121);

    @Test
    void shouldCloneASnapshotBitForBit() throws IOException {
        Volume source = writtenSource("source");
        long origin = source.snapshot().number();

        Volume clone = store.clone("source", origin, "copy");
        long cloneSnapshot = clone.snapshot().number();

        assertThat(clone.digest(cloneSnapshot)).isEqualTo(source.digest(origin));
        assertThat(clone.read(0, (int) SIZE)).isEqualTo(source.readSnapshot(origin, 0, (int) SIZE));
        assertThat(clone.metadata().role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(clone.origin()).isEqualTo(new VolumeMetadata.Origin("source", origin));
    }

    @Test
    void shouldStayEqualToItsOriginWhileTheSourceIsRewrittenAndSnapshotted() throws IOException {
        Volume source = writtenSource("busy");
        long origin = source.snapshot().number();
        byte[] expected = source.readSnapshot(origin, 0, (int) SIZE);
        Volume clone = store.clone("busy", origin, "steady");

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 20; i++) {
                VolumeModel.randomWrite(random, source, new VolumeModel(SIZE));
            }
            long taken = source.snapshot().number();
            if (round % 2 == 1) {
                source.deleteSnapshot(taken);
            }
        }

        assertThat(source.read(0, (int) SIZE)).isNotEqualTo(expected);
        assertThat(clone.read(0, (int) SIZE)).isEqualTo(expected);
        assertThat(clone.digest(clone.snapshot().number())).isEqualTo(source.digest(origin));
    }

    @Test
    void shouldKeepTheClonesWritesAndSnapshotsToItself() throws IOException {
        Volume source = writtenSource("parent");
        long origin = source.snapshot().number();
        byte[] sourceSnapshot = source.readSnapshot(origin, 0, (int) SIZE);
        byte[] sourceLive = source.read(0, (int) SIZE);
        Volume clone = store.clone("parent", origin, "child");
        VolumeModel model = new VolumeModel(SIZE);
        model.write(0, sourceSnapshot);

        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 10; i++) {
                VolumeModel.randomWrite(random, clone, model);
            }
            model.take(clone.snapshot().number());
        }
        VolumeModel.randomWrite(random, clone, model);

        assertThat(clone.read(0, (int) SIZE)).isEqualTo(model.live());
        assertSnapshotsMatch(clone, model);
        assertThat(source.readSnapshot(origin, 0, (int) SIZE)).isEqualTo(sourceSnapshot);
        assertThat(source.read(0, (int) SIZE)).isEqualTo(sourceLive);
    }

    @Test
    void shouldReportTheOriginsAllocatedBlocksWithTheClonesOwn() throws IOException {
        Volume source = primary("sparse");
        source.write(2L * BLOCK, ByteBuffer.wrap(randomBytes(SECTOR)));
        long origin = source.snapshot().number();
        Volume clone = store.clone("sparse", origin, "sparse-copy");
        clone.write(7L * BLOCK + SECTOR, ByteBuffer.wrap(randomBytes(SECTOR)));
        long first = clone.snapshot().number();
        clone.write(9L * BLOCK + 3 * SECTOR, ByteBuffer.wrap(randomBytes(SECTOR)));
        long second = clone.snapshot().number();

        assertThat(clone.allocated(first)).isEqualTo(RoaringBitmap.bitmapOf(2, 7));
        assertThat(clone.delta(first, second).blocks()).isEqualTo(RoaringBitmap.bitmapOf(9));
    }

    @Test
    void shouldKeepTheOriginsSectorsAroundTheClonesFirstWriteOfPartOfABlock() throws IOException {
        Volume source = primary("whole");
        byte[] block = randomBytes(BLOCK);
        source.write(4L * BLOCK, ByteBuffer.wrap(block));
        long origin = source.snapshot().number();
        source.write(4L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        Volume clone = store.clone("whole", origin, "whole-copy");
        byte[] sector = randomBytes(SECTOR);

        clone.write(4L * BLOCK + 2 * SECTOR, ByteBuffer.wrap(sector));

        byte[] expected = block.clone();
        System.arraycopy(sector, 0, expected, 2 * SECTOR, SECTOR);
        assertThat(clone.read(4L * BLOCK, BLOCK)).isEqualTo(expected);
        assertThat(source.readSnapshot(origin, 4L * BLOCK, BLOCK)).isEqualTo(block);
    }

    @Test
    void shouldKeepAClonesContentAcrossARestart() throws IOException {
        Volume source = writtenSource("lasting");
        long origin = source.snapshot().number();
        Volume clone = store.clone("lasting", origin, "lasting-copy");
        VolumeModel model = new VolumeModel(SIZE);
        model.write(0, source.readSnapshot(origin, 0, (int) SIZE));
        for (int i = 0; i < 10; i++) {
            VolumeModel.randomWrite(random, clone, model);
        }
        model.take(clone.snapshot().number());
        VolumeModel.randomWrite(random, clone, model);
        VolumeModel.randomWrite(random, source, new VolumeModel(SIZE));

        store.close();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("lasting-copy");

        assertThat(reopened.origin()).isEqualTo(new VolumeMetadata.Origin("lasting", origin));
        assertThat(reopened.read(0, (int) SIZE)).isEqualTo(model.live());
        assertSnapshotsMatch(reopened, model);
        assertThat(store.get("lasting").clonesOf(origin)).containsExactly("lasting-copy");
        assertThatThrownBy(() -> store.get("lasting").deleteSnapshot(origin))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_IN_USE));
    }

    @Test
    void shouldCreateACloneWithoutCopyingData() throws IOException {
        Volume source = writtenSource("big");
        source.write(0, ByteBuffer.wrap(randomBytes((int) SIZE)));
        long origin = source.snapshot().number();

        store.clone("big", origin, "big-copy");

        assertThat(blocksOnDisk(VolumeLayout.of(dataDir, "big").data())).isPositive();
        assertThat(blocksOnDisk(VolumeLayout.of(dataDir, "big-copy").data())).isZero();
        try (Stream<Path> files = Files.list(VolumeLayout.of(dataDir, "big-copy").directory())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("snap-"));
        }
    }

    @Test
    void shouldRefuseToDeleteASnapshotThatAClonesReadsFromAndChangeNothing() throws IOException {
        Volume source = primary("needed");
        VolumeModel model = new VolumeModel(SIZE);
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 10; i++) {
                VolumeModel.randomWrite(random, source, model);
            }
            model.take(source.snapshot().number());
        }
        store.clone("needed", 2, "needy");

        assertThatThrownBy(() -> source.deleteSnapshot(2))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_IN_USE);
                    assertThat(e.field()).isEqualTo("snapshot");
                })
                .hasMessageContaining("needy")
                .hasMessageContaining("snapshot 2 of volume needed");
        assertThat(source.snapshots()).extracting(VolumeMetadata.Snapshot::number).containsExactly(1L, 2L, 3L);
        assertSnapshotsMatch(source, model);
        source.deleteSnapshot(1);
        model.delete(1);
        assertSnapshotsMatch(source, model);
    }

    @Test
    void shouldRefuseToDeleteAHeldSnapshotUntilEveryHolderReleasedIt() throws IOException {
        // The hold transfer-service takes for a target whose site id has the longest length an id may have.
        String transferHold = "transfer." + "s".repeat(63);
        Volume volume = writtenSource("held");
        long snapshot = volume.snapshot().number();
        byte[] content = volume.readSnapshot(snapshot, 0, (int) SIZE);
        volume.hold(snapshot, transferHold);
        volume.hold(snapshot, "backup");
        volume.hold(snapshot, "backup");

        store.close();
        store = VolumeStore.open(dataDir, SITE);
        Volume reopened = store.get("held");
        assertThat(reopened.metadata().snapshot(snapshot).holds()).containsExactly("backup", transferHold);
        assertThatThrownBy(() -> reopened.deleteSnapshot(snapshot))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_IN_USE))
                .hasMessageContaining("backup")
                .hasMessageContaining(transferHold);
        reopened.release(snapshot, transferHold);
        assertThatThrownBy(() -> reopened.deleteSnapshot(snapshot)).hasMessageContaining("backup");
        assertThat(reopened.readSnapshot(snapshot, 0, (int) SIZE)).isEqualTo(content);

        reopened.release(snapshot, "backup");
        reopened.release(snapshot, "backup");
        reopened.deleteSnapshot(snapshot);

        assertThat(reopened.snapshots()).isEmpty();
    }

    @Test
    void shouldRejectAHoldOrCloneOfAnUnknownSnapshotAndABadHolderCreatingNothing() throws IOException {
        Volume volume = writtenSource("strict");
        long snapshot = volume.snapshot().number();

        assertThatThrownBy(() -> store.clone("strict", snapshot + 1, "orphan"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_NOT_FOUND));
        assertThatThrownBy(() -> store.clone("strict", snapshot, "strict"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VOLUME_EXISTS));
        assertThatThrownBy(() -> volume.hold(snapshot + 1, "someone"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_NOT_FOUND));
        assertThatThrownBy(() -> volume.hold(snapshot, "../evil"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("holder"));

        assertThat(store.list()).extracting(Volume::id).containsExactly("strict");
        assertThat(Files.exists(VolumeLayout.of(dataDir, "orphan").directory())).isFalse();
        assertThat(volume.metadata().snapshot(snapshot).holds()).isEmpty();
        assertThat(volume.clonesOf(snapshot)).isEmpty();
    }

    private Volume writtenSource(String id) throws IOException {
        Volume volume = primary(id);
        for (int i = 0; i < 30; i++) {
            VolumeModel.randomWrite(random, volume, new VolumeModel(SIZE));
        }
        return volume;
    }

    private Volume primary(String id) throws IOException {
        return store.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The 512-byte blocks the file system allocated to the file, as {@code stat} reports them. */
    private static long blocksOnDisk(Path file) throws IOException {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String output = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            assertThat(stat.waitFor()).as("stat %s: %s", file, output).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running stat on " + file, e);
        }
        return Long.parseLong(output);
    }

    private static void assertSnapshotsMatch(Volume volume, VolumeModel model) throws IOException {
        for (Map.Entry<Long, byte[]> snapshot : model.snapshots().entrySet()) {
            assertThat(volume.readSnapshot(snapshot.getKey(), 0, (int) SIZE))
                    .as("snapshot %d of %s", snapshot.getKey(), volume.id())
                    .isEqualTo(snapshot.getValue());
        }
    }
}
