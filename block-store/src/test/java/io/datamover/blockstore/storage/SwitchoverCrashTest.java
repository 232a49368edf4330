package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * A store stopped as the death of its process would stop it ({@link VolumeStore#halt()}), in the middle of a
 * promotion or right after a role change, holds each volume as it was before the change or as it is after, never in
 * between: role, consistent snapshot, freeze, data and changed block tracking.
 */
class SwitchoverCrashTest extends StoreTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 48L * BLOCK;
    private static final String SOURCE = "source";
    private static final String TARGET = "target";

    private final Random random = new Random(20261123);

    @ParameterizedTest
    @EnumSource(value = Volume.Step.class, names = {"PARTS_UNDONE", "TRACKING_RESET"})
    void shouldStillBeTheReplicaAfterACrashInThePromotionAndBePromotedAgain(Volume.Step step) throws IOException {
        replicaWithUnsealedParts();
        String consistent = store.get(TARGET).digest(1);
        crashIn(step);

        Volume target = store.get(TARGET);
        assertReplicaConsistentAt(target, 1, consistent);
        target.promote();

        assertThat(target.read(0, (int) SIZE)).isEqualTo(store.get(SOURCE).readSnapshot(1, 0, (int) SIZE));
        assertOnlyWritesAfterThePromotionTracked(target);
    }

    @ParameterizedTest
    @EnumSource(value = Volume.Step.class, names = {"PARTS_UNDONE", "TRACKING_RESET"})
    void shouldStillBeTheReplicaAfterACrashInThePromotionAndTakeTheDeltaAgain(Volume.Step step) throws IOException {
        replicaWithUnsealedParts();
        crashIn(step);
        Volume source = store.get(SOURCE);
        Volume target = store.get(TARGET);

        Deltas.sendParts(source, 1L, 2, target);
        target.sealApply(2);

        assertThat(target.digest(2)).isEqualTo(source.digest(2));
        assertThat(target.digest(1)).isEqualTo(source.digest(1));
    }

    @Test
    void shouldBeThePrimaryAfterACrashOnceThePromotionReturned() throws IOException {
        replicaWithUnsealedParts();
        String consistent = store.get(TARGET).digest(1);
        store.get(TARGET).promote();

        Volume target = crashAndReopen(TARGET);

        assertThat(target.metadata().role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(target.metadata().frozen()).isFalse();
        assertThat(target.metadata().consistentSnapshot()).isNull();
        assertThat(target.digest(1)).isEqualTo(consistent);
        assertThat(target.read(0, (int) SIZE)).isEqualTo(store.get(SOURCE).readSnapshot(1, 0, (int) SIZE));
        assertOnlyWritesAfterThePromotionTracked(target);
    }

    @Test
    void shouldBeFrozenWithTheFinalSnapshotAfterACrashAndDemotedThenTakeTheNewPrimarysDelta() throws IOException {
        Volume source = primaryWithData();
        store.snapshotTogether(List.of(SOURCE), "switchover");
        String last = source.digest(1);

        Volume frozen = crashAndReopen(SOURCE);
        assertThat(frozen.metadata().frozen()).isTrue();
        assertThat(frozen.metadata().latestSnapshot()).isEqualTo(1L);
        assertThat(frozen.digest(1)).isEqualTo(last);
        frozen.demote();
        Volume demoted = crashAndReopen(SOURCE);

        assertThat(demoted.metadata().role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(demoted.metadata().consistentSnapshot()).isEqualTo(1L);
        assertThat(demoted.metadata().frozen()).isFalse();
        Volume newPrimary = store.create(new CreateVolume(TARGET, SIZE, BLOCK, VolumeRole.REPLICA));
        Deltas.ship(demoted, null, 1, newPrimary);
        newPrimary.promote();
        newPrimary.write(7L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        newPrimary.snapshot();
        Deltas.ship(newPrimary, 1L, 2, demoted);
        assertThat(demoted.digest(2)).isEqualTo(newPrimary.digest(2));
        assertThat(demoted.digest(1)).isEqualTo(last);
    }

    @Test
    void shouldRefuseToDemoteAfterACrashWhileTheIntentLogHoldsAWriteSinceTheLatestSnapshot() throws IOException {
        Volume source = primaryWithData();
        source.snapshot();
        source.write(30L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        source.freeze("switchover");

        Volume reopened = crashAndReopen(SOURCE);
        VolumeMetadata before = reopened.metadata();

        assertThatThrownBy(reopened::demote).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNSNAPSHOTTED_WRITES);
            assertThat(e.getMessage()).contains("offset " + 30L * BLOCK);
        });
        assertThat(reopened.metadata()).isEqualTo(before);
    }

    /**
     * The source holds snapshots 1 and 2; the target is consistent at 1 and holds every part of the delta to 2,
     * unsealed, among them blocks the source first wrote after 1.
     */
    private void replicaWithUnsealedParts() throws IOException {
        Volume source = primaryWithData();
        source.snapshot();
        Volume target = store.create(new CreateVolume(TARGET, SIZE, BLOCK, VolumeRole.REPLICA));
        Deltas.ship(source, null, 1, target);
        source.write(2L * BLOCK, ByteBuffer.wrap(randomBytes(3 * BLOCK)));
        source.write(40L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        source.snapshot();
        Deltas.sendParts(source, 1L, 2, target);
    }

    /** Promotes the target until {@code step}, where the store dies; opens it again. */
    private void crashIn(Volume.Step step) throws IOException {
        Volume target = store.get(TARGET);
        target.onStep(reached -> {
            if (reached == step) {
                throw new IOException("the process died at " + step);
            }
        });
        assertThatThrownBy(target::promote).hasMessageContaining(step.name());
        crashAndReopen(TARGET);
    }

    private static void assertReplicaConsistentAt(Volume volume, long snapshot, String digest) throws IOException {
        assertThat(volume.metadata().role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(volume.metadata().frozen()).isTrue();
        assertThat(volume.metadata().consistentSnapshot()).isEqualTo(snapshot);
        assertThat(volume.snapshots()).extracting(VolumeMetadata.Snapshot::number).containsExactly(snapshot);
        assertThat(volume.digest(snapshot)).isEqualTo(digest);
    }

    /** Writes a block to the promoted primary at snapshot 1 and checks that it alone changed by snapshot 2. */
    private void assertOnlyWritesAfterThePromotionTracked(Volume promoted) throws IOException {
        promoted.write(9L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        long next = promoted.snapshot().number();
        ChangeSet changes = promoted.delta(1, next);

        assertThat(next).isEqualTo(2);
        assertThat(changes.blocks().toArray()).as("changed by %s", changes.method()).containsExactly(9);
        assertThat(promoted.allocated(next)).isEqualTo(RoaringBitmap.bitmapOfRange(0, 12));
        assertThat(promoted.verifyLive().intact()).isTrue();
    }

    private Volume primaryWithData() throws IOException {
        Volume source = store.create(new CreateVolume(SOURCE, SIZE, BLOCK, VolumeRole.PRIMARY));
        source.write(0, ByteBuffer.wrap(randomBytes(12 * BLOCK)));
        return source;
    }

    private Volume crashAndReopen(String id) throws IOException {
        store.halt();
        store = VolumeStore.open(dataDir, SITE);
        return store.get(id);
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }
}
