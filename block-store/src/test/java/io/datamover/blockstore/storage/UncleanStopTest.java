package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.ChangeMethod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store abandoned without {@link VolumeStore#close()} stands for one stopped by a crash: its bitmaps were not
 * checkpointed and no clean stop was marked.
 */
class UncleanStopTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 32L * BLOCK;

    @TempDir
    Path dataDir;

    private VolumeStore store;

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    @Test
    void shouldRecoverWrittenAndPreservedBlocksFromTheIntentLog() throws IOException {
        Volume volume = create();
        write(volume, 0, 1);
        volume.snapshot();
        write(volume, 0, 2);
        write(volume, 5, 3);

        Volume reopened = crashAndReopen();

        assertThat(reopened.read(0, BLOCK)).isEqualTo(block(2));
        assertThat(reopened.read(5L * BLOCK, BLOCK)).isEqualTo(block(3));
        assertThat(reopened.readSnapshot(1, 0, BLOCK)).isEqualTo(block(1));
        assertThat(reopened.readSnapshot(1, 5L * BLOCK, BLOCK)).isEqualTo(block(0));
    }

    @Test
    void shouldCompareContentForADeltaAcrossTheEpochOpenAtTheUncleanStop() throws IOException {
        Volume volume = create();
        write(volume, 0, 1);
        write(volume, 7, 4);
        volume.snapshot();
        write(volume, 0, 2);
        write(volume, 7, 4);

        Volume reopened = crashAndReopen();
        write(reopened, 9, 5);
        reopened.snapshot();

        assertThat(reopened.metadata().distrustedEpochs()).containsExactly(2L);
        var delta = reopened.delta(1, 2);
        assertThat(delta.method()).isEqualTo(ChangeMethod.CHECKSUM);
        assertThat(delta.blocks().toArray()).containsExactly(0, 9);
    }

    @Test
    void shouldFindByContentABlockWhoseDataChangedWithoutAnIntentRecord() throws IOException {
        Volume volume = create();
        write(volume, 0, 1);
        store.halt();
        // A file system that lost the log record's fsync, or a bug: the data changed without a record of it.
        try (FileChannel data = FileChannel.open(VolumeLayout.of(dataDir, "vol").data(), StandardOpenOption.WRITE)) {
            data.write(ByteBuffer.wrap(block(6)), 3L * BLOCK);
        }
        store = VolumeStore.open(dataDir, "test-site");
        Volume reopened = store.get("vol");
        reopened.snapshot();

        assertThat(reopened.allocated(1).toArray()).containsExactly(0, 3);
        assertThat(reopened.readSnapshot(1, 3L * BLOCK, BLOCK)).isEqualTo(block(6));
    }

    @Test
    void shouldTrustChangedBlockTrackingAfterACleanStop() throws IOException {
        Volume volume = create();
        volume.snapshot();
        write(volume, 3, 1);
        store.close();
        store = VolumeStore.open(dataDir, "test-site");
        Volume reopened = store.get("vol");
        reopened.snapshot();

        var delta = reopened.delta(1, 2);

        assertThat(delta.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(delta.blocks().toArray()).containsExactly(3);
    }

    @Test
    void shouldKeepTheDistrustAcrossRestartsAndPassItToTheNextEpochWhenItsSnapshotIsDeleted() throws IOException {
        Volume volume = create();
        volume.snapshot();
        write(volume, 1, 1);
        Volume reopened = crashAndReopen();
        reopened.snapshot();
        write(reopened, 2, 2);
        reopened.snapshot();
        assertThat(reopened.delta(2, 3).method()).isEqualTo(ChangeMethod.CBT);

        store.close();
        store = VolumeStore.open(dataDir, "test-site");
        Volume restarted = store.get("vol");
        assertThat(restarted.delta(1, 3).method()).isEqualTo(ChangeMethod.CHECKSUM);
        restarted.deleteSnapshot(2);

        assertThat(restarted.metadata().distrustedEpochs()).containsExactly(3L);
        assertThat(restarted.delta(1, 3).method()).isEqualTo(ChangeMethod.CHECKSUM);
        assertThat(restarted.delta(1, 3).blocks().toArray()).containsExactly(1, 2);
    }

    private Volume create() throws IOException {
        store = VolumeStore.open(dataDir, "test-site");
        return store.create(new CreateVolume("vol", SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    /** Leaves the current store as a crash would, and opens the data directory again. */
    private Volume crashAndReopen() throws IOException {
        store.halt();
        store = VolumeStore.open(dataDir, "test-site");
        return store.get("vol");
    }

    private static void write(Volume volume, int block, int fill) throws IOException {
        volume.write((long) block * BLOCK, ByteBuffer.wrap(block(fill)));
    }

    private static byte[] block(int fill) {
        byte[] content = new byte[BLOCK];
        Arrays.fill(content, (byte) fill);
        return content;
    }
}
