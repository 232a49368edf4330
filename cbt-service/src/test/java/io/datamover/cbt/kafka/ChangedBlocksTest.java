package io.datamover.cbt.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.cbt.support.BlockStoreResource;
import io.datamover.cbt.support.TestVolume;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ChangedBlocksTest {

    private static final int BLOCK = TestVolume.BLOCK;
    private static final long VOLUME_BYTES = 1 << 20;

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private TestVolume volume;

    @BeforeEach
    void createVolume() {
        volume = TestVolume.create(storeUrl, "cbt", VOLUME_BYTES);
    }

    @AfterEach
    void close() {
        volume.close();
    }

    @Test
    void shouldPublishEveryWrittenBlockFirstAndThenOnlyTheChangedOnes() {
        volume.writeBlocks(0, 2);
        volume.writeBlocks(10, 1);
        volume.snapshot();
        volume.writeBlocks(1, 1);
        volume.writeBlocks(20, 3);
        volume.snapshot();

        volume.publishSnapshotTaken(1, null);
        volume.publishSnapshotTaken(2, 1L);

        BlocksChanged full = volume.awaitPages(1).get(0);
        assertThat(full.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(full.baseSnapshot()).isNull();
        assertThat(full.extents()).containsExactly(TestVolume.blocks(0, 2), TestVolume.blocks(10, 1));
        assertThat(full.changedBytes()).isEqualTo(3L * BLOCK);
        assertThat(full.pageCount()).isEqualTo(1);
        assertThat(full.targetSites()).containsExactly("falkenberg");

        BlocksChanged delta = volume.awaitPages(2).get(0);
        assertThat(delta.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(delta.baseSnapshot()).isEqualTo(1L);
        assertThat(delta.extents()).containsExactly(TestVolume.blocks(1, 1), TestVolume.blocks(20, 3));
        assertThat(delta.changedBytes()).isEqualTo(4L * BLOCK);
    }

    @Test
    void shouldSayTheChangedSetWasFoundByChecksumWhenTheStoreStoppedUncleanlyInBetween() {
        volume.writeBlocks(0, 1);
        volume.snapshot();
        volume.writeBlocks(4, 2);
        BlockStoreResource.crashAndRestart();
        volume.snapshot();

        volume.publishSnapshotTaken(2, 1L);

        BlocksChanged delta = volume.awaitPages(2).get(0);
        assertThat(delta.method()).isEqualTo(ChangeMethod.CHECKSUM);
        assertThat(delta.baseSnapshot()).isEqualTo(1L);
        assertThat(delta.extents()).containsExactly(TestVolume.blocks(4, 2));
    }

    @Test
    void shouldCopyInFullWhenTheBaseSnapshotIsGone() {
        volume.writeBlocks(0, 1);
        volume.snapshot();
        volume.writeBlocks(5, 2);
        volume.snapshot();
        volume.store().deleteSnapshot(volume.id(), 1);

        volume.publishSnapshotTaken(2, 1L);

        BlocksChanged page = volume.awaitPages(2).get(0);
        assertThat(page.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(page.baseSnapshot()).isNull();
        assertThat(page.extents()).containsExactly(TestVolume.blocks(0, 1), TestVolume.blocks(5, 2));
        assertThat(page.changedBytes()).isEqualTo(3L * BLOCK);
    }

    @Test
    void shouldPublishOneEmptyPageWhenNothingChanged() {
        volume.writeBlocks(3, 1);
        volume.snapshot();
        volume.snapshot();

        volume.publishSnapshotTaken(2, 1L);

        List<BlocksChanged> pages = volume.awaitPages(2);
        assertThat(pages).singleElement().satisfies(page -> {
            assertThat(page.method()).isEqualTo(ChangeMethod.CBT);
            assertThat(page.extents()).isEmpty();
            assertThat(page.changedBytes()).isZero();
        });
    }

    @Test
    void shouldIgnoreSnapshotsOfOtherSites() {
        volume.writeBlocks(0, 1);
        volume.snapshot();

        try (EventPublisher oslo = TestEvents.publisher("oslo", "snapshot-service")) {
            oslo.publish(SnapshotTaken.of("oslo", volume.id(), 1, null, VOLUME_BYTES, BLOCK, List.of("falkenberg")));
        }
        volume.publishSnapshotTaken(1, null);

        List<BlocksChanged> pages = volume.awaitPages(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> volume.changedBlocks().pages(1).size() == 1);
        assertThat(pages).singleElement().satisfies(page -> assertThat(page.site()).isEqualTo(BlockStoreResource.SITE));
    }
}
