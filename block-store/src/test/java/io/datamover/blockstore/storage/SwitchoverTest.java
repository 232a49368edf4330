package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.ChangeMethod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The primary of a volume moves between the stores of two sites: the source freezes with its final snapshot, the
 * target applies it and is promoted, the source is demoted and receives the new primary's deltas.
 */
class SwitchoverTest extends TwoSiteStoreTest {

    private static final int SECTOR = Geometry.SECTOR_SIZE;
    private static final int BLOCK = 4 * SECTOR;
    private static final long SIZE = 64L * BLOCK;
    private static final String ID = "app-data";

    private final Random random = new Random(20261122);

    @Test
    void shouldSwitchThePrimaryOverAndShipOnlyTheNewPrimarysWritesBack() throws IOException {
        Volume source = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        Volume target = falkenberg.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.REPLICA));
        VolumeModel model = new VolumeModel(SIZE);
        writeRandom(source, model, 25);
        model.take(source.snapshot().number());
        Deltas.ship(source, null, 1, target);
        writeRandom(source, model, 25);

        List<GroupSnapshot.Taken> last = stockholm.snapshotTogether(List.of(ID), "switchover to falkenberg");
        model.take(2);

        assertThat(last).extracting(t -> t.snapshot().number()).containsExactly(2L);
        assertRefused(() -> source.write(0, ByteBuffer.wrap(sector(1))), Reason.FROZEN);
        Deltas.ship(source, 1L, 2, target);
        assertThat(target.digest(2)).isEqualTo(source.digest(2));

        target.promote();
        RoaringBitmap writtenAtTarget = new RoaringBitmap();
        write(target, 3L * BLOCK, 1, writtenAtTarget);
        write(target, 17L * BLOCK + 3 * SECTOR, 2, writtenAtTarget);
        write(target, 63L * BLOCK, 4, writtenAtTarget);
        source.demote();
        long next = target.snapshot().number();
        ChangeSet changes = target.delta(2, next);
        Deltas.ship(target, 2L, next, source);

        assertThat(next).isEqualTo(3);
        assertThat(changes.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(changes.blocks()).isEqualTo(writtenAtTarget);
        assertThat(source.metadata().consistentSnapshot()).isEqualTo(3L);
        assertThat(source.readSnapshot(3, 0, (int) SIZE)).isEqualTo(target.readSnapshot(3, 0, (int) SIZE));
        assertThat(source.read(0, (int) SIZE)).isEqualTo(target.readSnapshot(3, 0, (int) SIZE));
        assertThat(source.digest(3)).isEqualTo(target.digest(3));
        for (long snapshot : new long[] {1, 2}) {
            assertThat(target.readSnapshot(snapshot, 0, (int) SIZE)).as("snapshot %d at the new primary", snapshot)
                    .isEqualTo(model.snapshot(snapshot));
            assertThat(source.readSnapshot(snapshot, 0, (int) SIZE)).as("snapshot %d at the old primary", snapshot)
                    .isEqualTo(model.snapshot(snapshot));
        }
    }

    @Test
    void shouldUndoTheUnsealedPartsWhenPromotedAndTrackOnlyTheWritesAfterIt() throws IOException {
        Volume source = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        Volume target = falkenberg.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.REPLICA));
        for (int block = 0; block < 10; block++) {
            source.write((long) block * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        }
        source.snapshot();
        Deltas.ship(source, null, 1, target);
        source.write(5L * BLOCK, ByteBuffer.wrap(randomBytes(2 * BLOCK)));
        source.write(40L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        source.snapshot();
        Deltas.sendParts(source, 1L, 2, target);
        assertThat(target.read(40L * BLOCK, BLOCK)).isEqualTo(source.readSnapshot(2, 40L * BLOCK, BLOCK));

        VolumeMetadata promoted = target.promote();

        assertThat(promoted.role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(promoted.frozen()).isFalse();
        assertThat(promoted.consistentSnapshot()).isNull();
        assertThat(target.snapshots()).extracting(VolumeMetadata.Snapshot::number).containsExactly(1L);
        assertThat(target.read(0, (int) SIZE)).isEqualTo(source.readSnapshot(1, 0, (int) SIZE));
        assertThat(target.verifyLive().intact()).isTrue();
        falkenberg.close();
        falkenberg = VolumeStore.open(dataDirs.resolve("falkenberg"), "falkenberg");
        Volume restarted = falkenberg.get(ID);
        restarted.write(9L * BLOCK + SECTOR, ByteBuffer.wrap(sector(9)));
        long next = restarted.snapshot().number();

        assertThat(next).isEqualTo(2);
        assertThat(restarted.delta(1, 2).method()).isEqualTo(ChangeMethod.CBT);
        assertThat(restarted.delta(1, 2).blocks().toArray()).containsExactly(9);
        assertThat(restarted.allocated(2)).isEqualTo(RoaringBitmap.bitmapOfRange(0, 10));
        assertThat(restarted.digest(1)).isEqualTo(source.digest(1));
    }

    @Test
    void shouldLeaveAPromotedPrimaryOrADemotedReplicaAsItIsWhenAskedAgain() throws IOException {
        Volume primary = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        Volume replica = falkenberg.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.REPLICA));
        VolumeMetadata primaryBefore = primary.metadata();
        VolumeMetadata replicaBefore = replica.metadata();

        assertThat(primary.promote()).isEqualTo(primaryBefore);
        assertThat(replica.demote()).isEqualTo(replicaBefore);
    }

    @Test
    void shouldRefuseToDemoteAWritablePrimary() throws IOException {
        Volume primary = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        primary.snapshot();

        assertUnchangedWhenRefused(primary, primary::demote, Reason.NOT_FROZEN);
        primary.write(0, ByteBuffer.wrap(sector(3)));
    }

    @Test
    void shouldRefuseToDemoteAPrimaryWrittenSinceItsLatestSnapshotUntilItIsSnapshotted() throws IOException {
        Volume primary = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        primary.snapshot();
        primary.write(6L * BLOCK, ByteBuffer.wrap(sector(6)));
        primary.freeze("switchover to falkenberg");

        assertUnchangedWhenRefused(primary, primary::demote, Reason.UNSNAPSHOTTED_WRITES);
        assertThat(primary.read(6L * BLOCK, SECTOR)).isEqualTo(sector(6));

        stockholm.snapshotTogether(List.of(ID), "switchover to falkenberg");
        assertThat(primary.demote().consistentSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldRefuseToDemoteAPrimaryWithoutASnapshot() throws IOException {
        Volume primary = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        primary.freeze("switchover to falkenberg");

        assertUnchangedWhenRefused(primary, primary::demote, Reason.NO_CONSISTENT_SNAPSHOT);
    }

    @Test
    void shouldRefuseToPromoteAReplicaThatNeverSealedADeltaAndLetItsApplyGoOn() throws IOException {
        Volume source = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        Volume replica = falkenberg.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.REPLICA));
        source.write(0, ByteBuffer.wrap(randomBytes(3 * BLOCK)));
        source.snapshot();
        replica.freeze("initial copy");
        replica.beginApply(null, 1);
        replica.applyPart(null, 1, Deltas.reader(source, 1, RoaringBitmap.bitmapOf(1)));

        assertUnchangedWhenRefused(replica, replica::promote, Reason.NO_CONSISTENT_SNAPSHOT);
        assertThat(replica.verifyChanged().checkedBytes()).isEqualTo(BLOCK);

        replica.applyPart(null, 1, Deltas.reader(source, 1, RoaringBitmap.bitmapOf(0, 2)));
        replica.sealApply(1);
        assertThat(replica.digest(1)).isEqualTo(source.digest(1));
    }

    @Test
    void shouldRefuseToPromoteAReplicaWhoseConsistentSnapshotWasDeleted() throws IOException {
        Volume source = stockholm.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.PRIMARY));
        Volume replica = falkenberg.create(new CreateVolume(ID, SIZE, BLOCK, VolumeRole.REPLICA));
        source.write(0, ByteBuffer.wrap(sector(1)));
        source.snapshot();
        Deltas.ship(source, null, 1, replica);
        source.write(0, ByteBuffer.wrap(sector(2)));
        source.snapshot();
        Deltas.ship(source, 1L, 2, replica);
        replica.deleteSnapshot(2);

        assertUnchangedWhenRefused(replica, replica::promote, Reason.NO_CONSISTENT_SNAPSHOT);
    }

    private static void assertUnchangedWhenRefused(Volume volume, ThrowingCallable call, Reason reason)
            throws IOException {
        VolumeMetadata before = volume.metadata();
        byte[] content = volume.read(0, (int) SIZE);

        assertRefused(call, reason);

        assertThat(volume.metadata()).isEqualTo(before);
        assertThat(volume.read(0, (int) SIZE)).isEqualTo(content);
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo("id");
        });
    }

    private void writeRandom(Volume volume, VolumeModel model, int writes) throws IOException {
        for (int i = 0; i < writes; i++) {
            VolumeModel.randomWrite(random, volume, model);
        }
    }

    private static void write(Volume volume, long offset, int seed, RoaringBitmap written) throws IOException {
        byte[] data = sector(seed);
        volume.write(offset, ByteBuffer.wrap(data));
        written.add(volume.geometry().blockOf(offset));
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    private static byte[] sector(int seed) {
        byte[] data = new byte[SECTOR];
        new Random(seed).nextBytes(data);
        return data;
    }
}
