package io.datamover.placement.rest;

import static io.datamover.placement.VolumeEvents.at;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.datamover.events.CloudEvents;
import io.datamover.events.EventJson;
import io.datamover.events.EventPublisher;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.Topics;
import io.datamover.placement.VolumeEvents;
import io.datamover.runtime.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FreshStateDir.class)
class VolumeResourceTest {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventPublisher publisher;

    @BeforeEach
    void openPublisherOnceTheStoreIsQueryable() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/volumes").then().statusCode(200));
        publisher = new EventPublisher(bootstrapServers, CloudEvents.source(STOCKHOLM, "snapshot-service"));
    }

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void shouldServeTheReplicaStateFoldedFromPublishedEvents() {
        VolumeEvents volume = new VolumeEvents("vol-" + UUID.randomUUID().toString().substring(0, 8));
        publisher.publish(volume.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));
        publisher.publish(volume.blocksChanged(STOCKHOLM, 1, 4096, at(0), FALKENBERG));
        publisher.publish(volume.snapshotTaken(STOCKHOLM, 2, at(30), FALKENBERG));
        publisher.publish(volume.blocksChanged(STOCKHOLM, 2, 512, at(30), FALKENBERG));
        publisher.publish(volume.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(31)));
        publisher.publish(volume.chunkShipped(FALKENBERG, 2, 0, 128, 512, at(32)));
        publisher.publish(volume.chunkShipped(FALKENBERG, 2, 1, 256, 512, at(33)));

        await().atMost(TIMEOUT).untilAsserted(() -> given()
                .get("/volumes/{id}", volume.volumeId())
                .then()
                .statusCode(200)
                .body("volumeId", equalTo(volume.volumeId()))
                .body("primarySite", equalTo(STOCKHOLM))
                .body("latestSnapshot", equalTo(2))
                .body("replicas.falkenberg.consistentSnapshot", equalTo(1))
                .body("replicas.falkenberg.lagBytes", equalTo(512))
                .body("replicas.falkenberg.lagSeconds", equalTo(30))
                .body("replicas.falkenberg.state", equalTo("replicating"))
                .body("replicas.falkenberg.transfer.snapshot", equalTo(2))
                .body("replicas.falkenberg.transfer.bytesDone", equalTo(256))
                .body("replicas.falkenberg.transfer.bytesPerSecond", equalTo(128))
                .body("replicas.falkenberg.transfer.secondsToGo", equalTo(2)));
    }

    @Test
    void shouldListEveryVolume() {
        VolumeEvents volume = new VolumeEvents("listed-" + UUID.randomUUID().toString().substring(0, 8));
        publisher.publish(volume.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));

        await().atMost(TIMEOUT).untilAsserted(() -> given()
                .get("/volumes")
                .then()
                .statusCode(200)
                .body("volumeId", hasItem(volume.volumeId())));
    }

    @Test
    void shouldAnswer404NamingTheIdOfAnUnknownVolume() {
        given().get("/volumes/{id}", "no-such-volume")
                .then()
                .statusCode(404)
                .body("error", equalTo("unknown volume 'no-such-volume'"))
                .body("field", equalTo("id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2Fetc", "..%2F..%2Fetc%2Fpasswd", "PG-DATA", "-leading-dash"})
    void shouldAnswer400NamingTheIdOfAnInvalidVolumeId(String encodedId) {
        given().urlEncodingEnabled(false)
                .get("/volumes/" + encodedId)
                .then()
                .statusCode(400)
                .body("error", startsWith("field 'id' is not a valid id"))
                .body("field", equalTo("id"));
    }

    @Test
    void shouldPublishTheHeartbeatOfItsSite() {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "heartbeat-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SITE_HEARTBEAT));
            await().atMost(TIMEOUT).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    SiteHeartbeat beat = EventJson.read(record.value(), SiteHeartbeat.class);
                    if (beat.site().equals(STOCKHOLM) && beat.service().equals("placement-service")) {
                        return true;
                    }
                }
                return false;
            });
        }
    }
}
