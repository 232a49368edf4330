package io.datamover.snapshot.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GroupResourceTest {

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @ConfigProperty(name = "datamover.data-dir")
    Path dataDir;

    private String groupId;
    private String first;
    private String second;

    @BeforeEach
    void createVolumes() {
        groupId = TestEvents.uniqueId("group");
        first = volume();
        second = volume();
    }

    @AfterEach
    void removeGroup() {
        given().delete("/groups/{g}", groupId);
    }

    @Test
    void shouldSaveListShowAndRemoveAGroup() throws IOException {
        put(groupId, "{\"volumeIds\": [\"" + first + "\", \"" + second + "\"], \"intervalSeconds\": 3600,"
                + " \"targetSites\": [\"falkenberg\"], \"preHook\": [\"true\"]}")
                .statusCode(200)
                .body("groupId", equalTo(groupId))
                .body("volumeIds", equalTo(List.of(first, second)))
                .body("retain", equalTo(5))
                .body("hookTimeoutSeconds", equalTo(30))
                .body("priority", equalTo(0))
                .body("preHook", equalTo(List.of("true")));
        assertThat(Files.readString(dataDir.resolve(StateFile.GROUPS))).contains(groupId).contains(first);

        put(groupId, body("priority", "-250")).statusCode(200);

        given().get("/groups").then().statusCode(200).body("groupId", hasItem(groupId));
        given().get("/groups/{g}", groupId).then().statusCode(200)
                .body("groupId", equalTo(groupId))
                .body("intervalSeconds", equalTo(3600))
                .body("priority", equalTo(-250))
                .body("targetSites", equalTo(List.of("falkenberg")));

        given().delete("/groups/{g}", groupId).then().statusCode(204);

        given().get("/groups/{g}", groupId).then().statusCode(404).body("field", equalTo("groupId"));
        given().get("/groups").then().body("groupId", not(hasItem(groupId)));
        assertThat(Files.readString(dataDir.resolve(StateFile.GROUPS))).doesNotContain(groupId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no volumes           | volumeIds          | []",
        "a volume twice       | volumeIds          | [\"$1\", \"$1\"]",
        "a volume id no id    | volumeIds          | [\"$1\", \"../etc\"]",
        "volumes no list      | volumeIds          | \"$1\"",
        "interval below 1     | intervalSeconds    | 0",
        "interval no number   | intervalSeconds    | \"often\"",
        "retain below 1       | retain             | 0",
        "no targets           | targetSites        | []",
        "this site as target  | targetSites        | [\"stockholm\"]",
        "empty pre hook       | preHook            | []",
        "pre hook no list     | preHook            | \"sync\"",
        "post hook no command | postHook           | [\"\"]",
        "hook timeout 0       | hookTimeoutSeconds | 0",
        "priority above 1000  | priority           | 1001",
        "priority below -1000 | priority           | -1001",
        "priority no number   | priority           | \"high\"",
        "remote hooks no phase | remoteHooks       | {}",
        "remote hooks, no controller configured | remoteHooks | {\"pre\": {\"timeoutSeconds\": 5}}"})
    void shouldRejectAnInvalidFieldNamingIt(String what, String field, String value) {
        put(groupId, body(field, value.replace("$1", first))).statusCode(400).body("field", equalTo(field));

        given().get("/groups/{g}", groupId).then().statusCode(404);
    }

    @Test
    void shouldRequireVolumesIntervalAndTargets() {
        put(groupId, "{\"intervalSeconds\": 60, \"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("volumeIds"));
        put(groupId, "{\"volumeIds\": [\"" + first + "\"], \"targetSites\": [\"falkenberg\"]}")
                .statusCode(400).body("field", equalTo("intervalSeconds"));
        put(groupId, "{\"volumeIds\": [\"" + first + "\"], \"intervalSeconds\": 60}")
                .statusCode(400).body("field", equalTo("targetSites"));
        put(groupId, "{\"volumeIds\": ").statusCode(400).body("error", containsString("JSON"));
    }

    @Test
    void shouldRejectAGroupIdThatIsNoValidId() {
        put("Not_A_Group", body()).statusCode(400).body("field", equalTo("groupId"));
        given().get("/groups/{g}", "a.b").then().statusCode(400).body("field", equalTo("groupId"));
        given().urlEncodingEnabled(false).delete("/groups/..%2Fetc").then().statusCode(400)
                .body("field", equalTo("groupId"));
        given().urlEncodingEnabled(false).post("/groups/..%2Fetc/snapshots").then().statusCode(400)
                .body("field", equalTo("groupId"));
    }

    @Test
    void shouldStandByForAVolumeTheStoreDoesNotHoldYet() {
        String later = TestEvents.uniqueId("later");
        put(groupId, "{\"volumeIds\": [\"" + first + "\", \"" + later + "\"], \"intervalSeconds\": 60,"
                + " \"targetSites\": [\"falkenberg\"]}")
                .statusCode(200).body("volumeIds", equalTo(List.of(first, later)));

        given().get("/groups/{g}", groupId).then().statusCode(200).body("state", equalTo("standby"));
        BlockStoreClient.of(storeUrl).createVolume(later, 1 << 20, 4096, VolumeRole.PRIMARY);
        given().get("/groups/{g}", groupId).then().statusCode(200).body("state", equalTo("active"));
    }

    @Test
    void shouldRejectAVolumeProtectedOnItsOwn() {
        given().contentType(ContentType.JSON).body("{\"intervalSeconds\": 3600, \"targetSites\": [\"falkenberg\"]}")
                .put("/protections/{v}", second).then().statusCode(200);
        try {
            put(groupId, body()).statusCode(409).body("field", equalTo("volumeIds"))
                    .body("error", containsString(second));
        } finally {
            given().delete("/protections/{v}", second).then().statusCode(204);
        }
    }

    @Test
    void shouldKeepAVolumeInOneGroupOnlyAndOutOfSingleProtections() {
        put(groupId, body()).statusCode(200);
        String other = TestEvents.uniqueId("group");

        put(other, "{\"volumeIds\": [\"" + volume() + "\", \"" + second + "\"], \"intervalSeconds\": 60,"
                + " \"targetSites\": [\"falkenberg\"]}")
                .statusCode(409).body("field", equalTo("volumeIds")).body("error", containsString(groupId));
        given().contentType(ContentType.JSON).body("{\"intervalSeconds\": 60, \"targetSites\": [\"falkenberg\"]}")
                .put("/protections/{v}", first)
                .then().statusCode(409).body("field", equalTo("volumeId")).body("error", containsString(groupId));

        given().get("/groups/{g}", other).then().statusCode(404);
        given().get("/protections/{v}", first).then().statusCode(404);
        put(groupId, "{\"volumeIds\": [\"" + second + "\"], \"intervalSeconds\": 60,"
                + " \"targetSites\": [\"falkenberg\"]}").statusCode(200);
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownGroup() {
        given().get("/groups/{g}", groupId).then().statusCode(404).body("error", containsString(groupId));
        given().delete("/groups/{g}", groupId).then().statusCode(404).body("field", equalTo("groupId"));
        given().post("/groups/{g}/snapshots", groupId).then().statusCode(404).body("field", equalTo("groupId"));
    }

    /** A valid body of the group of the two volumes. */
    private String body() {
        return body("intervalSeconds", "3600");
    }

    /** A valid body of the group of the two volumes, but for {@code field}, which has {@code value} (JSON). */
    private String body(String field, String value) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("volumeIds", "[\"" + first + "\", \"" + second + "\"]");
        members.put("intervalSeconds", "3600");
        members.put("targetSites", "[\"falkenberg\"]");
        members.put(field, value);
        return members.entrySet().stream().map(m -> "\"" + m.getKey() + "\": " + m.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private String volume() {
        String volumeId = TestEvents.uniqueId("member");
        BlockStoreClient.of(storeUrl).createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);
        return volumeId;
    }

    private static ValidatableResponse put(String groupId, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/groups/{g}", groupId).then();
    }
}
