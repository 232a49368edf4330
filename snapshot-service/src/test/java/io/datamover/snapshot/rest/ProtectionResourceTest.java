package io.datamover.snapshot.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.EventPublisher;
import io.datamover.events.ReplicaApplied;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.storage.StateFile;
import io.datamover.snapshot.support.BlockStoreResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProtectionResourceTest {

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @ConfigProperty(name = "datamover.data-dir")
    Path dataDir;

    private String volumeId;

    @BeforeEach
    void createVolume() {
        volumeId = TestEvents.uniqueId("rest");
        BlockStoreClient.of(storeUrl).createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);
    }

    @Test
    void shouldSaveListAndRemoveAProtection() throws IOException {
        put(volumeId, "{\"intervalSeconds\": 3600, \"targetSites\": [\"falkenberg\"]}")
                .statusCode(200)
                .body("volumeId", equalTo(volumeId))
                .body("intervalSeconds", equalTo(3600))
                .body("retain", equalTo(5))
                .body("targetSites[0]", equalTo("falkenberg"));
        assertThat(Files.readString(dataDir.resolve(StateFile.PROTECTIONS))).contains(volumeId);

        given().get("/protections").then().statusCode(200).body("volumeId", hasItem(volumeId));
        given().get("/protections/{v}", volumeId).then().statusCode(200).body("intervalSeconds", equalTo(3600));

        given().delete("/protections/{v}", volumeId).then().statusCode(204);

        given().get("/protections/{v}", volumeId).then().statusCode(404).body("field", equalTo("volumeId"));
        given().get("/protections").then().body("volumeId", not(hasItem(volumeId)));
        assertThat(Files.readString(dataDir.resolve(StateFile.PROTECTIONS))).doesNotContain(volumeId);
    }

    @Test
    void shouldRejectAnIntervalBelowOneSecond() {
        put(volumeId, "{\"intervalSeconds\": 0, \"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("intervalSeconds"));
    }

    @Test
    void shouldRejectAMissingInterval() {
        put(volumeId, "{\"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("intervalSeconds"));
    }

    @Test
    void shouldRejectAnIntervalThatIsNoNumber() {
        put(volumeId, "{\"intervalSeconds\": \"often\", \"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("intervalSeconds"));
    }

    @Test
    void shouldRejectARetainBelowOne() {
        put(volumeId, "{\"intervalSeconds\": 10, \"retain\": 0, \"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("retain"));
    }

    @Test
    void shouldRejectAnEmptyTargetList() {
        put(volumeId, "{\"intervalSeconds\": 10, \"targetSites\": []}")
                .statusCode(400).body("field", equalTo("targetSites"));
    }

    @Test
    void shouldRejectATargetThatIsNoValidId() {
        put(volumeId, "{\"intervalSeconds\": 10, \"targetSites\": [\"../etc\"]}")
                .statusCode(400).body("field", equalTo("targetSites")).body("error", containsString("../etc"));
    }

    @Test
    void shouldRejectReplicatingToThisSite() {
        put(volumeId, "{\"intervalSeconds\": 10, \"targetSites\": [\"" + BlockStoreResource.SITE + "\"]}")
                .statusCode(400).body("field", equalTo("targetSites"))
                .body("error", containsString(BlockStoreResource.SITE));
    }

    @Test
    void shouldRejectABodyThatIsNoJson() {
        put(volumeId, "{\"intervalSeconds\": ").statusCode(400).body("error", containsString("JSON"))
                .body("field", nullValue());
    }

    @Test
    void shouldRejectAVolumeIdThatIsNoValidId() {
        put("Not_An_Id", "{\"intervalSeconds\": 10, \"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("volumeId"));
        given().get("/protections/{v}", "a.b").then().statusCode(400).body("field", equalTo("volumeId"));
        given().urlEncodingEnabled(false).delete("/protections/..%2Fetc").then().statusCode(400)
                .body("field", equalTo("volumeId"));
    }

    @Test
    void shouldStandByForAVolumeTheStoreDoesNotHoldYet() {
        String later = TestEvents.uniqueId("later");
        try {
            put(later, "{\"intervalSeconds\": 10, \"targetSites\": [\"falkenberg\"]}").statusCode(200);

            given().get("/protections/{v}", later).then().statusCode(200).body("state", equalTo("standby"));
            given().get("/protections").then().body("find { it.volumeId == '" + later + "' }.state",
                    equalTo("standby"));
            BlockStoreClient.of(storeUrl).createVolume(later, 1 << 20, 4096, VolumeRole.REPLICA);
            given().get("/protections/{v}", later).then().body("state", equalTo("standby"));
        } finally {
            given().delete("/protections/{v}", later).then().statusCode(204);
        }
    }

    @Test
    void shouldShowAProtectionOfAPrimaryHereAsActive() {
        put(volumeId, "{\"intervalSeconds\": 3600, \"targetSites\": [\"falkenberg\"]}").statusCode(200);
        try {
            given().get("/protections/{v}", volumeId).then().statusCode(200).body("state", equalTo("active"));
        } finally {
            given().delete("/protections/{v}", volumeId).then().statusCode(204);
        }
    }

    @Test
    void shouldShowTheNewestSnapshotAndTheSnapshotEachTargetApplied() {
        put(volumeId, "{\"intervalSeconds\": 3600, \"targetSites\": [\"falkenberg\"]}").statusCode(200);
        try (EventPublisher replicas = TestEvents.publisher("falkenberg", "transfer-service")) {
            given().get("/protections/{v}", volumeId).then().statusCode(200)
                    .body("replication.volumeId", equalTo(volumeId))
                    .body("replication.applied", anEmptyMap());
            // A new protection is due at once: the scheduler's first snapshot may come before this one.
            int snapshot = given().post("/protections/{v}/snapshots", volumeId).then().statusCode(201)
                    .extract().path("snapshot");

            replicas.publish(ReplicaApplied.of("falkenberg", BlockStoreResource.SITE, volumeId, snapshot,
                    snapshot == 1 ? null : snapshot - 1L, 4096, 4096, Instant.now()));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/protections/{v}", volumeId)
                    .then().statusCode(200)
                    .body("replication.lastSnapshot", equalTo(snapshot))
                    .body("replication.applied.falkenberg", equalTo(snapshot)));
        } finally {
            given().delete("/protections/{v}", volumeId).then().statusCode(204);
        }
    }

    @Test
    void shouldAnswerNotFoundForAnUnprotectedVolume() {
        given().get("/protections/{v}", volumeId).then().statusCode(404).body("error", containsString(volumeId));
        given().delete("/protections/{v}", volumeId).then().statusCode(404).body("field", equalTo("volumeId"));
        given().post("/protections/{v}/snapshots", volumeId).then().statusCode(404)
                .body("field", equalTo("volumeId"));
    }

    private static ValidatableResponse put(String volumeId, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/protections/{v}", volumeId).then();
    }
}
