package io.datamover.snapshot.kafka;

import static org.awaitility.Awaitility.await;

import io.datamover.events.EventJson;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TopicReader;
import io.datamover.snapshot.support.BlockStoreResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HeartbeatTest {

    @Test
    void shouldTellThatTheServiceOfItsSiteIsAlive() {
        try (TopicReader heartbeats = TopicReader.fromBeginning(Topics.SITE_HEARTBEAT,
                record -> BlockStoreResource.SITE.equals(record.key()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> heartbeats.poll().stream()
                    .map(record -> EventJson.read(record.value(), SiteHeartbeat.class))
                    .anyMatch(beat -> beat.service().equals("snapshot-service")));
        }
    }
}
