package io.datamover.snapshot.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.DeadLetters;
import io.datamover.events.DecisionType;
import io.datamover.events.EventJson;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import io.datamover.snapshot.support.BlockStoreResource;
import io.datamover.snapshot.support.Decisions;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Malformed records of the topics the service consumes go to the dead-letter topic, and the next ones are read. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @Test
    void shouldRouteMalformedEventToDeadLetterTopicAndGoOn() {
        String volumeId = volume("dlq");
        given().contentType(ContentType.JSON).body("{\"intervalSeconds\": 1, \"targetSites\": [\"oslo\"]}")
                .put("/protections/{v}", volumeId).then().statusCode(200);
        try (TopicReader snapshots = TopicReader.fromBeginning(Topics.SNAPSHOT_TAKEN, r -> volumeId.equals(r.key()));
                TopicReader deadLetters = TopicReader.fromBeginning(Topics.DEAD_LETTER, r -> volumeId.equals(r.key()));
                EventPublisher oslo = TestEvents.publisher("oslo", "transfer-service")) {
            await().atMost(WAIT).until(() -> snapshots.poll().size() == 1);

            TestEvents.sendRaw(Topics.REPLICA_APPLIED, volumeId, "{\"volumeId\": \"" + volumeId + "\", \"snapshot\": 1}");

            awaitDeadLetter(deadLetters, Topics.REPLICA_APPLIED, "malformed replica-applied event");
            oslo.publish(ReplicaApplied.of("oslo", BlockStoreResource.SITE, volumeId, 1, null, 1, 1, Instant.now()));

            List<SnapshotTaken> taken = await().atMost(WAIT).until(
                    () -> snapshots.poll().stream().map(r -> EventJson.read(r.value(), SnapshotTaken.class)).toList(),
                    events -> events.size() >= 2);
            assertThat(taken.get(1).baseSnapshot()).isEqualTo(1L);
        } finally {
            given().delete("/protections/{v}", volumeId);
        }
    }

    @Test
    void shouldRouteAMalformedDecisionToTheDeadLetterTopicAndGoOn() {
        String groupId = TestEvents.uniqueId("dlq");
        String volumeId = volume("dlq-db");
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.DEAD_LETTER, r -> groupId.equals(r.key()));
                Decisions decisions = Decisions.of(groupId, List.of(volumeId))) {
            TestEvents.sendRaw(Topics.PLACEMENT_DECISION, groupId, "{\"decisionId\": \"d-1\", \"step\": \"freeze\"}");

            awaitDeadLetter(deadLetters, Topics.PLACEMENT_DECISION, "malformed placement-decision event");
            PlacementDecision abort = decisions.publish(decisions.decision(DecisionType.ABORT, "abort",
                    BlockStoreResource.SITE, Decisions.OTHER_SITE));
            assertThat(decisions.awaitFrozen(abort, false, 1)).hasSize(1);
        }
    }

    private String volume(String prefix) {
        String volumeId = TestEvents.uniqueId(prefix);
        BlockStoreClient.of(storeUrl).createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);
        return volumeId;
    }

    private static void awaitDeadLetter(TopicReader deadLetters, String topic, String reason) {
        ConsumerRecord<String, String> dead = await().atMost(WAIT)
                .until(deadLetters::poll, records -> !records.isEmpty()).get(0);
        assertThat(TopicReader.header(dead, DeadLetters.REASON)).contains(reason);
        assertThat(TopicReader.header(dead, DeadLetters.TOPIC)).isEqualTo(topic);
    }
}
