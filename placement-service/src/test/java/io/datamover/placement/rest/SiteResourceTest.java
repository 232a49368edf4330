package io.datamover.placement.rest;

import static io.datamover.placement.VolumeEvents.at;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.datamover.events.EventJson;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.events.Topics;
import io.datamover.placement.VolumeEvents;
import io.datamover.runtime.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator against the real broker: metrics and heartbeats published as the facilities and services do, the
 * sites and decisions served over REST, and a held shortage published as a placement decision.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FreshStateDir.class)
class SiteResourceTest {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private SiteReports reports;
    private EventPublisher publisher;

    @BeforeEach
    void openPublisherOnceTheStoresAreQueryable() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/sites").then().statusCode(200));
        reports = new SiteReports(bootstrapServers, FALKENBERG, "facility");
        publisher = reports.publisher();
    }

    @AfterEach
    void close() {
        reports.close();
    }

    @Test
    void shouldServeEachKnownSiteWithItsHeadroomAndHeartbeat() {
        publisher.publish(SiteMetrics.of(FALKENBERG, 200, 150, 100, 60));
        publisher.publish(SiteHeartbeat.of(FALKENBERG, "transfer-service"));

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/sites/{id}", FALKENBERG).then()
                .statusCode(200)
                .body("site", equalTo(FALKENBERG))
                .body("state", equalTo("healthy"))
                .body("powerHeadroomKw", equalTo(50.0f))
                .body("coolingHeadroomKw", equalTo(40.0f))
                .body("marginKw", equalTo(30.0f))
                .body("alive", equalTo(true)));
        given().get("/sites").then().statusCode(200)
                .body("site", hasItem(STOCKHOLM))
                .body("site", hasItem(FALKENBERG));
    }

    @Test
    void shouldAnswerAnUnknownOrInvalidSiteWithAnErrorNamingTheField() {
        given().get("/sites/{id}", "kiruna").then().statusCode(404)
                .body("field", equalTo("id"))
                .body("error", startsWith("unknown site 'kiruna'"));
        given().get("/sites/{id}", "Not_A_Site").then().statusCode(400)
                .body("field", equalTo("id"));
    }

    @Test
    void shouldPublishASwitchoverOnceAShortageLastsTheHoldTime() {
        String group = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        VolumeEvents data = new VolumeEvents(group + "-data");
        VolumeEvents wal = new VolumeEvents(group + "-wal");
        for (VolumeEvents volume : List.of(data, wal)) {
            publisher.publish(volume.groupSnapshotTaken(group, STOCKHOLM, 1, at(0), FALKENBERG));
            publisher.publish(volume.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(1)));
        }
        reports.repeat(() -> {
            publisher.publish(SiteMetrics.of(STOCKHOLM, 200, 100, 100, 97));
            publisher.publish(SiteMetrics.of(FALKENBERG, 200, 100, 100, 50));
            publisher.publish(SiteHeartbeat.of(FALKENBERG, "transfer-service"));
        });

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/decisions").then().statusCode(200)
                .body("findAll { it.groupId == '" + group + "' }.step", equalTo(List.of("freeze")))
                .body("findAll { it.groupId == '" + group + "' }.site", equalTo(List.of(FALKENBERG))));
        given().get("/sites/{id}", STOCKHOLM).then().statusCode(200)
                .body("state", equalTo("short"))
                .body("triggered", equalTo(true));

        PlacementDecision published = decisionOf(group);
        assertThat(published.fromSite()).isEqualTo(STOCKHOLM);
        assertThat(published.site()).isEqualTo(FALKENBERG);
        assertThat(published.volumeIds()).containsExactly(data.volumeId(), wal.volumeId());
        assertThat(published.step()).isEqualTo("triggered");
        assertThat(published.cause()).contains("cooling headroom 3.0 kW below 10.0 kW");
    }

    private PlacementDecision decisionOf(String group) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "site-resource-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<PlacementDecision> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PLACEMENT_DECISION));
            await().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (group.equals(record.key())) {
                        found.add(EventJson.read(record.value(), PlacementDecision.class));
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
