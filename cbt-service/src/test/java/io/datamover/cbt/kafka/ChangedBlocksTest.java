package io.datamover.cbt.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.cbt.support.BlockStoreResource;
import io.datamover.cbt.support.ChangedBlocks;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ChangedBlocksTest {

    private static final int BLOCK = 4096;
    private static final long VOLUME_BYTES = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private BlockStoreClient store;
    private EventPublisher snapshots;
    private String volumeId;
    private ChangedBlocks changedBlocks;

    @BeforeEach
    void createVolume() {
        store = BlockStoreClient.of(storeUrl);
        snapshots = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service");
        volumeId = TestEvents.uniqueId("cbt");
        store.createVolume(volumeId, VOLUME_BYTES, BLOCK, VolumeRole.PRIMARY);
        changedBlocks = new ChangedBlocks(volumeId);
    }

    @AfterEach
    void close() {
        changedBlocks.close();
        snapshots.close();
    }

    @Test
    void shouldPublishEveryWrittenBlockFirstAndThenOnlyTheChangedOnes() {
        writeBlocks(0, 2);
        writeBlocks(10, 1);
        store.createSnapshot(volumeId);
        writeBlocks(1, 1);
        writeBlocks(20, 3);
        store.createSnapshot(volumeId);

        snapshots.publish(snapshotTaken(1, null));
        snapshots.publish(snapshotTaken(2, 1L));

        BlocksChanged full = awaitPages(1).get(0);
        assertThat(full.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(full.baseSnapshot()).isNull();
        assertThat(full.extents()).containsExactly(blocks(0, 2), blocks(10, 1));
        assertThat(full.changedBytes()).isEqualTo(3L * BLOCK);
        assertThat(full.pageCount()).isEqualTo(1);
        assertThat(full.targetSites()).containsExactly("falkenberg");

        BlocksChanged delta = awaitPages(2).get(0);
        assertThat(delta.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(delta.baseSnapshot()).isEqualTo(1L);
        assertThat(delta.extents()).containsExactly(blocks(1, 1), blocks(20, 3));
        assertThat(delta.changedBytes()).isEqualTo(4L * BLOCK);
    }

    @Test
    void shouldSayTheChangedSetWasFoundByChecksumWhenTheStoreStoppedUncleanlyInBetween() {
        writeBlocks(0, 1);
        store.createSnapshot(volumeId);
        writeBlocks(4, 2);
        BlockStoreResource.crashAndRestart();
        store.createSnapshot(volumeId);

        snapshots.publish(snapshotTaken(2, 1L));

        BlocksChanged delta = awaitPages(2).get(0);
        assertThat(delta.method()).isEqualTo(ChangeMethod.CHECKSUM);
        assertThat(delta.baseSnapshot()).isEqualTo(1L);
        assertThat(delta.extents()).containsExactly(blocks(4, 2));
    }

    @Test
    void shouldCopyInFullWhenTheBaseSnapshotIsGone() {
        writeBlocks(0, 1);
        store.createSnapshot(volumeId);
        writeBlocks(5, 2);
        store.createSnapshot(volumeId);
        store.deleteSnapshot(volumeId, 1);

        snapshots.publish(snapshotTaken(2, 1L));

        BlocksChanged page = awaitPages(2).get(0);
        assertThat(page.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(page.baseSnapshot()).isNull();
        assertThat(page.extents()).containsExactly(blocks(0, 1), blocks(5, 2));
        assertThat(page.changedBytes()).isEqualTo(3L * BLOCK);
    }

    @Test
    void shouldPublishOneEmptyPageWhenNothingChanged() {
        writeBlocks(3, 1);
        store.createSnapshot(volumeId);
        store.createSnapshot(volumeId);

        snapshots.publish(snapshotTaken(2, 1L));

        List<BlocksChanged> pages = awaitPages(2);
        assertThat(pages).singleElement().satisfies(page -> {
            assertThat(page.method()).isEqualTo(ChangeMethod.CBT);
            assertThat(page.extents()).isEmpty();
            assertThat(page.changedBytes()).isZero();
        });
    }

    @Test
    void shouldIgnoreSnapshotsOfOtherSites() {
        writeBlocks(0, 1);
        store.createSnapshot(volumeId);

        try (EventPublisher oslo = TestEvents.publisher("oslo", "snapshot-service")) {
            oslo.publish(SnapshotTaken.of("oslo", volumeId, 1, null, VOLUME_BYTES, BLOCK, List.of("falkenberg")));
        }
        snapshots.publish(snapshotTaken(1, null));

        List<BlocksChanged> pages = awaitPages(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> changedBlocks.pages(1).size() == 1);
        assertThat(pages).singleElement().satisfies(page -> assertThat(page.site()).isEqualTo(BlockStoreResource.SITE));
    }

    private void writeBlocks(int firstBlock, int count) {
        byte[] data = new byte[count * BLOCK];
        Arrays.fill(data, (byte) (firstBlock + 1));
        store.write(volumeId, (long) firstBlock * BLOCK, data);
    }

    private static Extent blocks(int firstBlock, int count) {
        return new Extent((long) firstBlock * BLOCK, (long) count * BLOCK);
    }

    private SnapshotTaken snapshotTaken(long snapshot, Long base) {
        return SnapshotTaken.of(BlockStoreResource.SITE, volumeId, snapshot, base, VOLUME_BYTES, BLOCK,
                List.of("falkenberg"));
    }

    private List<BlocksChanged> awaitPages(long snapshot) {
        return await().atMost(WAIT).until(() -> changedBlocks.complete(snapshot), Objects::nonNull);
    }
}
