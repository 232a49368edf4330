package io.datamover.blockstore.storage;

import static io.datamover.blockstore.storage.Failover.BLOCK;
import static io.datamover.blockstore.storage.Failover.SHARED;
import static io.datamover.blockstore.storage.Failover.SIZE;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Rejoined;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.ChangeMethod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lost primary's store stopped as the death of its process would stop it ({@link VolumeStore#halt()}) in the
 * middle of a rejoin holds a frozen primary that a repeated rejoin completes, reading as the shared snapshot bit for
 * bit; stopped after it, a replica that takes the new primary's deltas.
 */
class RejoinCrashTest extends TwoSiteStoreTest {

    private static final String ID = "app-data";

    private final Random random = new Random(20261203);

    @ParameterizedTest
    @EnumSource(value = Volume.Step.class, names = {"REJOIN_FENCED", "REJOIN_SNAPSHOT_DISCARDED",
            "REJOIN_DIVERGED_RESTORED", "REJOIN_CHECKPOINTED"})
    void shouldBeAFrozenPrimaryAfterACrashInTheRejoinAndCompleteItWhenAskedAgain(Volume.Step step)
            throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        String digest = failover.lost.digest(SHARED);
        failover.lost.onStep(reached -> {
            if (reached == step) {
                throw new IOException("the process died at " + step);
            }
        });
        assertThatThrownBy(() -> failover.lost.rejoin(SHARED)).hasMessageContaining(step.name());

        Volume crashed = crashAndReopen();
        assertThat(crashed.metadata().role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(crashed.metadata().frozenReason()).isEqualTo("rejoining as a replica at snapshot 2");
        assertThat(crashed.digest(SHARED)).isEqualTo(digest);
        Rejoined rejoined = crashed.rejoin(SHARED);

        assertThat(rejoined.method()).isEqualTo(ChangeMethod.CHECKSUM);
        assertReplicaAtTheSharedSnapshot(crashed, failover, digest);
        Deltas.ship(failover.newPrimary, SHARED, 3, crashed);
        assertThat(crashed.digest(3)).isEqualTo(failover.newPrimary.digest(3));
    }

    @Test
    void shouldBeTheReplicaAfterACrashOnceTheRejoinReturnedAndTakeTheNewPrimarysDelta() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        String digest = failover.lost.digest(SHARED);
        failover.lost.rejoin(SHARED);

        Volume replica = crashAndReopen();

        assertReplicaAtTheSharedSnapshot(replica, failover, digest);
        // The new primary's epochs 3 and 4 are to come: an unclean stop must take their sums from their data.
        assertThat(VolumeLayout.of(dataDirs.resolve("stockholm"), ID).sumsDurable()).hasContent("2");
        assertThat(replica.rejoin(SHARED).divergedBlocks()).isZero();
        Deltas.ship(failover.newPrimary, SHARED, 3, replica);
        assertThat(replica.digest(3)).isEqualTo(failover.newPrimary.digest(3));
        assertThat(crashAndReopen().digest(3)).isEqualTo(failover.newPrimary.digest(3));
    }

    @Test
    void shouldNotReadTheFilesADeletionLeftBehindOnceTheNewPrimarysSnapshotOfThatNumberIsSealed() throws IOException {
        Failover failover = Failover.between(stockholm, falkenberg, ID);
        failover.lost.deleteSnapshot(4);
        stockholm.halt();
        // A crash between the volume.json write that deleted snapshot 4 and the deletion of its files.
        VolumeLayout layout = VolumeLayout.of(dataDirs.resolve("stockholm"), ID);
        try (FileChannel leftover = FileChannel.open(layout.cow(4), CREATE, WRITE)) {
            leftover.write(ByteBuffer.wrap(randomBytes(BLOCK)), 60L * BLOCK);
        }
        reopenStockholm();
        Volume lost = stockholm.get(ID);
        Volume newPrimary = failover.newPrimary;

        lost.rejoin(SHARED);
        newPrimary.write(45L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));
        newPrimary.snapshot();
        Deltas.ship(newPrimary, SHARED, 3, lost);
        Deltas.ship(newPrimary, 3L, 4, lost);
        lost.promote();
        lost.write(60L * BLOCK, ByteBuffer.wrap(randomBytes(BLOCK)));

        assertThat(layout.cow(4)).doesNotExist();
        assertThat(lost.readSnapshot(4, 60L * BLOCK, BLOCK)).isEqualTo(new byte[BLOCK]);
        assertThat(lost.digest(4)).isEqualTo(newPrimary.digest(4));
    }

    private static void assertReplicaAtTheSharedSnapshot(Volume volume, Failover failover, String digest)
            throws IOException {
        VolumeMetadata metadata = volume.metadata();
        assertThat(metadata.role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(metadata.consistentSnapshot()).isEqualTo(SHARED);
        assertThat(metadata.lastSnapshot()).isEqualTo(SHARED);
        assertThat(metadata.frozen()).isFalse();
        assertThat(volume.snapshots()).extracting(VolumeMetadata.Snapshot::number).containsExactly(1L, SHARED);
        assertThat(volume.read(0, (int) SIZE)).isEqualTo(failover.shared);
        assertThat(volume.readSnapshot(SHARED, 0, (int) SIZE)).isEqualTo(failover.shared);
        assertThat(volume.digest(SHARED)).isEqualTo(digest);
        assertThat(volume.verifyLive().intact()).isTrue();
    }

    private Volume crashAndReopen() throws IOException {
        stockholm.halt();
        reopenStockholm();
        return stockholm.get(ID);
    }

    private byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }
}
