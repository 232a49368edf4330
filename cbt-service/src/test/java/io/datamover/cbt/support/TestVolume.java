package io.datamover.cbt.support;

import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.BlocksChanged;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.TestEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A new volume of site {@value BlockStoreResource#SITE}'s block store, written by whole blocks of {@value #BLOCK}
 * bytes, with the snapshot-taken events published for it and the blocks-changed pages cbt-service answers with.
 */
public final class TestVolume implements AutoCloseable {

    public static final int BLOCK = 4096;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final BlockStoreClient store;
    private final String id;
    private final long sizeBytes;
    private final EventPublisher snapshots;
    private final ChangedBlocks changedBlocks;

    private TestVolume(BlockStoreClient store, String id, long sizeBytes) {
        this.store = store;
        this.id = id;
        this.sizeBytes = sizeBytes;
        this.snapshots = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service");
        this.changedBlocks = new ChangedBlocks(id);
    }

    /** Creates a primary volume of {@code sizeBytes} named after {@code prefix} in the store at {@code storeUrl}. */
    public static TestVolume create(String storeUrl, String prefix, long sizeBytes) {
        BlockStoreClient store = BlockStoreClient.of(storeUrl);
        String id = TestEvents.uniqueId(prefix);
        store.createVolume(id, sizeBytes, BLOCK, VolumeRole.PRIMARY);
        return new TestVolume(store, id, sizeBytes);
    }

    public String id() {
        return id;
    }

    public BlockStoreClient store() {
        return store;
    }

    public ChangedBlocks changedBlocks() {
        return changedBlocks;
    }

    /** Writes {@code count} blocks from {@code firstBlock}, each byte {@code firstBlock + 1}. */
    public void writeBlocks(int firstBlock, int count) {
        byte[] data = new byte[count * BLOCK];
        Arrays.fill(data, (byte) (firstBlock + 1));
        store.write(id, (long) firstBlock * BLOCK, data);
    }

    public void snapshot() {
        store.createSnapshot(id);
    }

    /** Publishes that snapshot {@code snapshot} was taken with {@code base} (null: none) as its base. */
    public void publishSnapshotTaken(long snapshot, Long base) {
        snapshots.publish(SnapshotTaken.of(BlockStoreResource.SITE, id, snapshot, base, sizeBytes, BLOCK,
                List.of("falkenberg")));
    }

    /** The blocks-changed pages of {@code snapshot}, once all of them are published. */
    public List<BlocksChanged> awaitPages(long snapshot) {
        return await().atMost(WAIT).until(() -> changedBlocks.complete(snapshot), Objects::nonNull);
    }

    public static Extent blocks(int firstBlock, int count) {
        return new Extent((long) firstBlock * BLOCK, (long) count * BLOCK);
    }

    @Override
    public void close() {
        changedBlocks.close();
        snapshots.close();
    }
}
