package io.datamover.cbt.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.cbt.support.BlockStoreResource;
import io.datamover.cbt.support.ChangedBlocks;
import io.datamover.events.BlocksChanged;
import io.datamover.events.DeadLetters;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SnapshotTakenDeadLetterTest {

    private static final int BLOCK = 4096;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @Test
    void shouldRouteMalformedEventToDeadLetterTopicAndGoOn() {
        String volumeId = TestEvents.uniqueId("dlq");
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.DEAD_LETTER, r -> volumeId.equals(r.key()));
                ChangedBlocks changedBlocks = new ChangedBlocks(volumeId);
                EventPublisher snapshots = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service")) {
            TestEvents.sendRaw(Topics.SNAPSHOT_TAKEN, volumeId,
                    "{\"site\": \"stockholm\", \"volumeId\": \"" + volumeId + "\", \"snapshot\": -1}");

            ConsumerRecord<String, String> dead = awaitDeadLetter(deadLetters);
            assertThat(TopicReader.header(dead, DeadLetters.REASON)).contains("malformed snapshot-taken event");
            assertThat(TopicReader.header(dead, DeadLetters.TOPIC)).isEqualTo(Topics.SNAPSHOT_TAKEN);

            BlockStoreClient store = BlockStoreClient.of(storeUrl);
            store.createVolume(volumeId, 1 << 20, BLOCK, VolumeRole.PRIMARY);
            store.write(volumeId, 0, new byte[BLOCK]);
            store.createSnapshot(volumeId);
            snapshots.publish(SnapshotTaken.of(BlockStoreResource.SITE, volumeId, 1, null, 1 << 20, BLOCK,
                    List.of("falkenberg")));

            List<BlocksChanged> pages = await().atMost(WAIT).until(() -> changedBlocks.complete(1), Objects::nonNull);
            assertThat(pages.get(0).changedBytes()).isEqualTo(BLOCK);
        }
    }

    @Test
    void shouldDeadLetterASnapshotWhoseChangedSetCannotBeFoundAfterRetrying() {
        String volumeId = TestEvents.uniqueId("missing");
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.DEAD_LETTER, r -> volumeId.equals(r.key()));
                EventPublisher snapshots = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service")) {
            snapshots.publish(SnapshotTaken.of(BlockStoreResource.SITE, volumeId, 1, null, 1 << 20, BLOCK,
                    List.of("falkenberg")));

            ConsumerRecord<String, String> dead = awaitDeadLetter(deadLetters);
            assertThat(TopicReader.header(dead, DeadLetters.REASON))
                    .contains("snapshot 1 of volume " + volumeId)
                    .contains("attempts")
                    .contains("NOT_FOUND");
        }
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(TopicReader deadLetters) {
        return await().atMost(WAIT).until(deadLetters::poll, records -> !records.isEmpty()).get(0);
    }
}
