package io.datamover.placement.rest;

import static io.datamover.placement.VolumeEvents.at;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.datamover.events.EventPublisher;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.placement.VolumeEvents;
import io.datamover.runtime.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators' switchover requests over REST, carried out by the coordinator of the group's primary (this site). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FreshStateDir.class)
class GroupResourceTest {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final String group = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    private SiteReports reports;
    private EventPublisher publisher;

    @BeforeEach
    void replicateAGroupToAHealthyFalkenberg() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/groups").then().statusCode(200));
        reports = new SiteReports(bootstrapServers, STOCKHOLM, "snapshot-service");
        publisher = reports.publisher();
        for (VolumeEvents volume : List.of(new VolumeEvents(group + "-data"), new VolumeEvents(group + "-wal"))) {
            publisher.publish(volume.groupSnapshotTaken(group, STOCKHOLM, 1, at(0), FALKENBERG).withGroupPriority(7));
            publisher.publish(volume.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(1)));
        }
        reports.repeat(() -> {
            publisher.publish(SiteMetrics.of(STOCKHOLM, 200, 100, 100, 50));
            publisher.publish(SiteMetrics.of(FALKENBERG, 200, 100, 100, 50));
            publisher.publish(SiteHeartbeat.of(FALKENBERG, "transfer-service"));
        });
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/groups").then().statusCode(200)
                .body("find { it.groupId == '" + group + "' }.replicaSites", equalTo(List.of(FALKENBERG))));
    }

    @Test
    void shouldShowThePriorityTheGroupAnnouncedAndMovesBy() {
        given().get("/groups").then().statusCode(200)
                .body("find { it.groupId == '" + group + "' }.announcedPriority", equalTo(7))
                .body("find { it.groupId == '" + group + "' }.priority", equalTo(7));
    }

    @AfterEach
    void close() {
        reports.close();
    }

    @Test
    void shouldStartTheSwitchoverAnOperatorAsksFor() {
        String requestId = given().contentType(ContentType.JSON)
                .body(Map.of("targetSite", FALKENBERG, "reason", "chiller maintenance"))
                .post("/groups/{id}/switchover", group)
                .then().statusCode(202)
                .body("groupId", equalTo(group))
                .body("coordinatorSite", equalTo(STOCKHOLM))
                .extract().path("requestId");

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/groups").then().statusCode(200)
                .body("find { it.groupId == '" + group + "' }.latestDecision.step", equalTo("freeze"))
                .body("find { it.groupId == '" + group + "' }.latestDecision.site", equalTo(FALKENBERG))
                .body("find { it.groupId == '" + group + "' }.latestDecision.cause",
                        startsWith("freeze the group at stockholm")));
        given().get("/decisions?open=true").then().statusCode(200)
                .body("findAll { it.groupId == '" + group + "' }.decisionId[0]", startsWith("switchover-" + group))
                .body("findAll { it.decisionId == 'request-" + requestId + "' }", equalTo(List.of()));
    }

    @Test
    void shouldRejectASwitchoverToTheSiteThatIsAlreadyPrimaryAndSayWhy() {
        String requestId = given().contentType(ContentType.JSON).body(Map.of("targetSite", STOCKHOLM))
                .post("/groups/{id}/switchover", group)
                .then().statusCode(202).extract().path("requestId");

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/decisions").then().statusCode(200)
                .body("find { it.decisionId == 'request-" + requestId + "' }.step", equalTo("rejected"))
                .body("find { it.decisionId == 'request-" + requestId + "' }.cause",
                        containsString("stockholm is already the primary")));
    }

    @Test
    void shouldAnswerBadRequestsWithAnErrorNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/groups/{id}/switchover", "no-such-group")
                .then().statusCode(404).body("field", equalTo("id"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/groups/{id}/switchover", "Bad_Group")
                .then().statusCode(400).body("field", equalTo("id"));
        given().contentType(ContentType.JSON).body(Map.of("targetSite", "../etc"))
                .post("/groups/{id}/switchover", group)
                .then().statusCode(400).body("field", equalTo("targetSite"));
        given().contentType(ContentType.JSON).body(Map.of("targetSite", "kiruna"))
                .post("/groups/{id}/switchover", group)
                .then().statusCode(400).body("field", equalTo("targetSite"))
                .body("error", containsString("not one of the known sites"));
    }
}
