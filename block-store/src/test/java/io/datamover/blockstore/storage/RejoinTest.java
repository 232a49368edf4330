package io.datamover.blockstore.storage;

import static io.datamover.blockstore.storage.Failover.BLOCK;
import static io.datamover.blockstore.storage.Failover.SHARED;
import static io.datamover.blockstore.storage.Failover.SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.Rejoined;
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
 * After a failover, the lost primary's copy rejoins as a replica of the new primary at the last snapshot both hold:
 * the history after it is discarded, its blocks written back locally, and the new primary's deltas apply.
 */
class RejoinTest extends TwoSiteStoreTest {

    private static final int SECTOR = Geometry.SECTOR_SIZE;
    private static final String ID = "app-data";

    private final Random random = new Random(20261202);

    @Test
    void shouldDiscardTheHistoryAfterTheSharedSnapshotAndReadAsItBitForBit() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        Volume lost = failover.lost;
        String digest = lost.digest(SHARED);
        byte[] first = lost.readSnapshot(1, 0, (int) SIZE);

        Rejoined rejoined = lost.rejoin(SHARED);

        VolumeMetadata replica = rejoined.volume();
        assertThat(replica.role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(replica.consistentSnapshot()).isEqualTo(SHARED);
        assertThat(replica.frozen()).isFalse();
        assertThat(replica.lastSnapshot()).isEqualTo(SHARED);
        assertThat(replica.openEpochDistrusted()).isFalse();
        assertThat(lost.metadata()).isEqualTo(replica);
        assertThat(rejoined.discardedSnapshots()).containsExactly(3L, 4L);
        assertThat(rejoined.divergedBytes()).isEqualTo(failover.divergedBytes());
        assertThat(rejoined.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(lost.snapshots()).extracting(VolumeMetadata.Snapshot::number).containsExactly(1L, SHARED);
        assertThat(lost.read(0, (int) SIZE)).isEqualTo(failover.shared);
        assertThat(lost.readSnapshot(SHARED, 0, (int) SIZE)).isEqualTo(failover.shared);
        assertThat(lost.digest(SHARED)).isEqualTo(digest);
        assertThat(lost.readSnapshot(1, 0, (int) SIZE)).isEqualTo(first);
        assertThat(lost.verifyLive().intact()).isTrue();
        assertThat(lost.verifyChanged().checkedBytes()).as("the diverged blocks, written back, are still written")
                .isEqualTo(failover.divergedBytes());
        assertRefused(() -> lost.write(0, ByteBuffer.wrap(randomBytes(BLOCK))), Reason.REPLICA_NOT_WRITABLE, "id");
    }

    @Test
    void shouldTakeTheNewPrimarysSnapshotsInPartsAfterTheRejoinAndBePromotedAgain() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        Volume lost = failover.lost;
        Volume newPrimary = failover.newPrimary;
        lost.rejoin(SHARED);

        ChangeSet changes = newPrimary.delta(SHARED, 3);
        Deltas.ship(newPrimary, SHARED, 3, lost);

        assertThat(changes.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(changes.blocks().toArray()).containsExactly(4, 33, 40);
        assertThat(lost.metadata().consistentSnapshot()).isEqualTo(3L);
        assertThat(lost.digest(3)).isEqualTo(newPrimary.digest(3));
        assertThat(lost.read(0, (int) SIZE)).isEqualTo(newPrimary.readSnapshot(3, 0, (int) SIZE));
        assertThat(lost.readSnapshot(SHARED, 0, (int) SIZE)).isEqualTo(failover.shared);
        RoaringBitmap union = RoaringBitmap.or(failover.diverged, changes.blocks());
        assertThat(lost.delta(SHARED, 3).blocks()).as("the blocks changed on either side since the shared snapshot")
                .isEqualTo(union);

        newPrimary.write(50L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        newPrimary.snapshot();
        Deltas.ship(newPrimary, 3L, 4, lost);
        assertThat(lost.digest(4)).isEqualTo(newPrimary.digest(4));

        lost.promote();
        lost.write(60L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        long next = lost.snapshot().number();
        assertThat(next).isEqualTo(5);
        assertThat(lost.delta(4, next).method()).isEqualTo(ChangeMethod.CBT);
        assertThat(lost.delta(4, next).blocks().toArray()).containsExactly(60);
        assertThat(lost.digest(4)).isEqualTo(newPrimary.digest(4));
    }

    @Test
    void shouldFindTheDivergedBlocksByContentAfterAnUncleanStopAndTakeAWholeDelta() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        String digest = failover.lost.digest(SHARED);
        stockholm.halt();
        reopenStockholm();
        Volume lost = stockholm.get(ID);
        assertThat(lost.metadata().openEpochDistrusted()).isTrue();

        Rejoined rejoined = lost.rejoin(SHARED);

        assertThat(rejoined.method()).isEqualTo(ChangeMethod.CHECKSUM);
        assertThat(rejoined.divergedBytes()).isEqualTo(failover.divergedBytes());
        assertThat(rejoined.discardedSnapshots()).containsExactly(3L, 4L);
        assertThat(rejoined.volume().openEpochDistrusted()).isFalse();
        assertThat(lost.read(0, (int) SIZE)).isEqualTo(failover.shared);
        assertThat(lost.digest(SHARED)).isEqualTo(digest);

        Volume newPrimary = failover.newPrimary;
        lost.freeze("receiving snapshot 3");
        lost.apply(SHARED, 3, Deltas.reader(newPrimary, 3, newPrimary.delta(SHARED, 3).blocks()));

        assertThat(lost.digest(3)).isEqualTo(newPrimary.digest(3));
        assertThat(lost.metadata().consistentSnapshot()).isEqualTo(3L);
        assertThat(lost.metadata().distrustedEpochs()).isEmpty();
    }

    @Test
    void shouldAnswerAReplicaAsItIsWhateverTheSnapshot() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        failover.lost.rejoin(SHARED);
        VolumeMetadata rejoined = failover.lost.metadata();
        Volume replica = falkenberg.create(new CreateVolume("other", SIZE, BLOCK, VolumeRole.REPLICA));
        VolumeMetadata fresh = replica.metadata();

        assertThat(List.of(failover.lost.rejoin(SHARED), failover.lost.rejoin(1)))
                .containsOnly(new Rejoined(rejoined, 0, List.of(), ChangeMethod.CBT));
        assertThat(replica.rejoin(5)).isEqualTo(new Rejoined(fresh, 0, List.of(), ChangeMethod.CBT));
        assertThat(failover.lost.read(0, (int) SIZE)).isEqualTo(failover.shared);
    }

    @Test
    void shouldRefuseASnapshotItDoesNotHoldOrOneBelowOneAndChangeNothing() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        Volume lost = failover.lost;
        lost.deleteSnapshot(1);

        assertUnchangedWhenRefused(lost, () -> lost.rejoin(1), Reason.SNAPSHOT_NOT_FOUND);
        assertUnchangedWhenRefused(lost, () -> lost.rejoin(9), Reason.SNAPSHOT_NOT_FOUND);
        assertUnchangedWhenRefused(lost, () -> lost.rejoin(0), Reason.INVALID_ARGUMENT);
        assertUnchangedWhenRefused(lost, () -> lost.rejoin(-3), Reason.INVALID_ARGUMENT);
        lost.write(0, ByteBuffer.wrap(randomBytes(BLOCK)));
    }

    @Test
    void shouldRefuseWhileACloneReadsASnapshotAfterTheSharedOneNamingTheClone() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        Volume lost = failover.lost;
        stockholm.clone(ID, 3, "app-data-test");

        assertThatThrownBy(() -> lost.rejoin(SHARED)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.getMessage()).contains("snapshot 3", "app-data-test"));
        assertUnchangedWhenRefused(lost, () -> lost.rejoin(SHARED), Reason.SNAPSHOT_IN_USE);

        stockholm.delete("app-data-test");
        assertThat(lost.rejoin(SHARED).discardedSnapshots()).containsExactly(3L, 4L);
    }

    @Test
    void shouldLeaveTheClonesOfTheSharedSnapshotAsTheyWere() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        Volume clone = stockholm.clone(ID, SHARED, "app-data-test");

        failover.lost.rejoin(SHARED);

        assertThat(clone.read(0, (int) SIZE)).isEqualTo(failover.shared);
        assertThat(failover.lost.clonesOf(SHARED)).containsExactly("app-data-test");
    }

    @Test
    void shouldRejoinACloneAtASnapshotOfItsOwn() throws IOException {
        Volume origin = stockholm.create(new CreateVolume("origin", SIZE, BLOCK, VolumeRole.PRIMARY));
        origin.write(0, ByteBuffer.wrap(randomBytes(8 * BLOCK)));
        origin.snapshot();
        Volume clone = stockholm.clone("origin", 1, ID);
        clone.write(2L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        clone.snapshot();
        byte[] own = clone.readSnapshot(1, 0, (int) SIZE);
        clone.write(1L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        clone.write(12L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        clone.snapshot();
        clone.write(3L * BLOCK + 2 * SECTOR, ByteBuffer.wrap(randomBytes(SECTOR)));

        Rejoined rejoined = clone.rejoin(1);

        assertThat(rejoined.discardedSnapshots()).containsExactly(2L);
        assertThat(rejoined.divergedBytes()).isEqualTo(3L * BLOCK);
        assertThat(clone.read(0, (int) SIZE)).isEqualTo(own);
        assertThat(clone.verifyLive().intact()).isTrue();
        stockholm.close();
        reopenStockholm();
        Volume reopened = stockholm.get(ID);
        assertThat(reopened.read(0, (int) SIZE)).isEqualTo(own);
        assertThat(reopened.readSnapshot(1, 0, (int) SIZE)).isEqualTo(own);
    }

    private static void assertUnchangedWhenRefused(Volume volume, ThrowingCallable call, Reason reason)
            throws IOException {
        VolumeMetadata before = volume.metadata();
        byte[] content = volume.read(0, (int) SIZE);

        assertRefused(call, reason, "snapshot");

        assertThat(volume.metadata()).isEqualTo(before);
        assertThat(volume.read(0, (int) SIZE)).isEqualTo(content);
    }

    private static void assertRefused(ThrowingCallable call, Reason reason, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }
}
