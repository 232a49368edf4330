package io.datamover.cbt.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.cbt.support.BlockStoreResource;
import io.datamover.cbt.support.ChangedBlocks;
import io.datamover.events.BlocksChanged;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(PagingTest.SmallPages.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PagingTest {

    private static final int BLOCK = 4096;
    private static final long VOLUME_BYTES = 1 << 20;

    /** Two extents a page. */
    public static class SmallPages implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datamover.cbt.page-extents", "2");
        }
    }

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @Test
    void shouldSplitALargeChangedSetIntoPagesWhoseUnionIsTheChangedSet() {
        BlockStoreClient store = BlockStoreClient.of(storeUrl);
        String volumeId = TestEvents.uniqueId("paged");
        store.createVolume(volumeId, VOLUME_BYTES, BLOCK, VolumeRole.PRIMARY);
        List<Extent> written = new ArrayList<>();
        for (int block = 0; block < 10; block += 2) {
            store.write(volumeId, (long) block * BLOCK, new byte[BLOCK]);
            written.add(new Extent((long) block * BLOCK, BLOCK));
        }
        store.createSnapshot(volumeId);

        try (ChangedBlocks changedBlocks = new ChangedBlocks(volumeId);
                EventPublisher snapshots = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service")) {
            snapshots.publish(SnapshotTaken.of(BlockStoreResource.SITE, volumeId, 1, null, VOLUME_BYTES, BLOCK,
                    List.of("falkenberg")));

            List<BlocksChanged> pages = await().atMost(Duration.ofSeconds(30))
                    .until(() -> changedBlocks.complete(1), Objects::nonNull);

            assertThat(pages).extracting(BlocksChanged::page).containsExactly(0, 1, 2);
            assertThat(pages).allSatisfy(page -> {
                assertThat(page.pageCount()).isEqualTo(3);
                assertThat(page.extents()).hasSizeLessThanOrEqualTo(2);
                assertThat(page.changedBytes()).isEqualTo(5L * BLOCK);
            });
            assertThat(pages).flatExtracting(BlocksChanged::extents).containsExactlyElementsOf(written);
        }
    }
}
