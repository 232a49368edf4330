package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VolumeDeletionTest extends StoreTest {

    private static final int BLOCK = 16 * 1024;
    private static final long SIZE = 16L * BLOCK;



    @Test
    void shouldRemoveTheVolumeAndItsFilesForGoodAndLetItsIdBeUsedAgain() throws IOException {
        Volume volume = primary("gone");
        write(volume, 3, 7);
        volume.snapshot();
        write(volume, 3, 8);

        store.delete("gone");

        assertThat(dataDir.resolve("volumes/gone")).doesNotExist();
        assertThatThrownBy(() -> store.get("gone")).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.VOLUME_NOT_FOUND));
        store.close();
        store = VolumeStore.open(dataDir, SITE);
        assertThat(store.list()).isEmpty();
        Volume again = primary("gone");
        assertThat(again.read(0, (int) SIZE)).isEqualTo(new byte[(int) SIZE]);
        assertThat(again.snapshots()).isEmpty();
    }

    @Test
    void shouldRefuseToDeleteAVolumeWhoseSnapshotACloneReadsUntilTheCloneIsDeleted() throws IOException {
        Volume source = primary("source");
        write(source, 1, 5);
        long snapshot = source.snapshot().number();
        store.clone("source", snapshot, "copy");

        assertThatThrownBy(() -> store.delete("source")).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT_IN_USE))
                .hasMessageContaining("snapshot " + snapshot + " is cloned by volume copy");
        assertThat(source.readSnapshot(snapshot, BLOCK, BLOCK)).isEqualTo(block(5));
        assertThat(store.get("copy").read(BLOCK, BLOCK)).isEqualTo(block(5));

        store.delete("copy");
        store.close();
        store = VolumeStore.open(dataDir, SITE);
        store.get("source").deleteSnapshot(snapshot);
        store.delete("source");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void shouldRefuseToDeleteAVolumeWithAHeldSnapshotAndChangeNothing() throws IOException {
        Volume volume = primary("held");
        write(volume, 2, 9);
        long snapshot = volume.snapshot().number();
        volume.hold(snapshot, "transfer.falkenberg");

        assertThatThrownBy(() -> store.delete("held")).hasMessageContaining("held by transfer.falkenberg");

        assertThat(store.get("held").readSnapshot(snapshot, 2L * BLOCK, BLOCK)).isEqualTo(block(9));
        volume.write(0, ByteBuffer.wrap(block(1)));
        volume.release(snapshot, "transfer.falkenberg");
        store.delete("held");
        assertThat(dataDir.resolve("volumes/held")).doesNotExist();
    }

    @Test
    void shouldIgnoreTheLeftoversOfADeletionCutShortAndReplaceThemWhenTheIdIsCreatedAgain() throws IOException {
        write(primary("cut"), 4, 3);
        store.close();
        Files.delete(dataDir.resolve("volumes/cut/volume.json"));

        store = VolumeStore.open(dataDir, SITE);

        assertThat(store.list()).isEmpty();
        Volume again = primary("cut");
        assertThat(again.read(4L * BLOCK, BLOCK)).isEqualTo(new byte[BLOCK]);
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownVolumeAndInvalidForAPathInsteadOfAnId() {
        assertThatThrownBy(() -> store.delete("nope")).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.VOLUME_NOT_FOUND));
        assertThatThrownBy(() -> store.delete("../volumes")).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.field()).isEqualTo("id"));
        assertThat(dataDir.resolve("volumes")).exists();
    }

    private Volume primary(String id) throws IOException {
        return store.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY));
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
