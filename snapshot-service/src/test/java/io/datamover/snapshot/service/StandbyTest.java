package io.datamover.snapshot.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.support.BlockStoreResource;
import io.datamover.snapshot.support.Decisions;
import io.datamover.snapshot.support.Replicas;
import io.datamover.snapshot.support.SnapshotEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groups and protections defined at a site before a switchover makes it their volumes' primary. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StandbyTest {

    private static final String HERE = Decisions.SITE;
    private static final String THERE = Decisions.OTHER_SITE;

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private BlockStoreClient store;
    private String groupId;
    private List<String> volumeIds;

    @BeforeEach
    void connect() {
        store = BlockStoreClient.of(storeUrl);
        groupId = TestEvents.uniqueId("standby");
        volumeIds = List.of(TestEvents.uniqueId("db"), TestEvents.uniqueId("files"));
    }

    @AfterEach
    void removeDefinitions() {
        given().delete("/groups/{g}", groupId);
        given().delete("/protections/{v}", groupId);
    }

    @Test
    void shouldRunAGroupDefinedAheadOfItsVolumesOnceASwitchoverMakesThemPrimariesHere() {
        try (SnapshotEvents snapshots = SnapshotEvents.of(volumeIds.toArray(String[]::new))) {
            given().contentType(ContentType.JSON)
                    .body("{\"volumeIds\": [\"" + String.join("\", \"", volumeIds) + "\"], \"intervalSeconds\": 1,"
                            + " \"targetSites\": [\"" + THERE + "\"]}")
                    .put("/groups/{g}", groupId).then().statusCode(200);
            given().get("/groups/{g}", groupId).then().statusCode(200).body("state", equalTo("standby"));
            volumeIds.forEach(volumeId -> Replicas.create(store, volumeId, 3, Replicas.block(5)));
            given().get("/groups/{g}", groupId).then().statusCode(200).body("state", equalTo("standby"));

            commitHere(groupId, volumeIds, 1);

            given().get("/groups/{g}", groupId).then().statusCode(200)
                    .body("state", equalTo("active"))
                    .body("intervalSeconds", equalTo(1));
            List<SnapshotTaken> taken = snapshots.await(2);
            assertThat(taken).extracting(SnapshotTaken::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
            assertThat(taken).allSatisfy(event -> {
                assertThat(event.snapshot()).isEqualTo(4);
                assertThat(event.baseSnapshot()).isEqualTo(3L);
                assertThat(event.groupId()).isEqualTo(groupId);
                assertThat(event.targetSites()).containsExactly(THERE);
            });
        }
    }

    /** Without the decision's priority, the group would announce 0 until it is defined here. */
    @Test
    void shouldAnnounceThePriorityTheDecisionCarriesWithTheSnapshotsOfAGroupItTookOverWithoutADefinition() {
        volumeIds.forEach(volumeId -> Replicas.create(store, volumeId, 3, Replicas.block(5)));
        try (SnapshotEvents snapshots = SnapshotEvents.of(volumeIds.toArray(String[]::new));
                Decisions decisions = Decisions.of(groupId, volumeIds)) {
            PlacementDecision commit = decisions.publish(decisions.decision(DecisionType.SWITCHOVER, "commit", THERE,
                    HERE).withGroupPriority(40));
            decisions.awaitFrozen(commit, false, volumeIds.size());

            given().get("/groups/{g}", groupId).then().statusCode(200)
                    .body("state", equalTo("active"))
                    .body("priority", equalTo(40))
                    .body("targetSites", equalTo(List.of(THERE)));
            given().post("/groups/{g}/snapshots", groupId).then().statusCode(201);

            assertThat(snapshots.await(volumeIds.size())).hasSize(volumeIds.size()).allSatisfy(event -> {
                assertThat(event.snapshot()).isEqualTo(4);
                assertThat(event.groupId()).isEqualTo(groupId);
                assertThat(event.groupPriority()).isEqualTo(40);
            });
        }
    }

    @Test
    void shouldProtectAVolumeItTookOverAloneWithTheTakeoverSchedule() {
        Replicas.create(store, groupId, 2, Replicas.block(3));

        commitHere(groupId, List.of(groupId), 1);

        given().get("/protections/{v}", groupId).then().statusCode(200)
                .body("state", equalTo("active"))
                .body("intervalSeconds", equalTo(30))
                .body("retain", equalTo(5))
                .body("targetSites", equalTo(List.of(THERE)));
        given().get("/groups/{g}", groupId).then().statusCode(404);
    }

    @Test
    void shouldKeepADefinitionThatExistsWhenASwitchoverComesAgain() {
        Replicas.create(store, groupId, 2, Replicas.block(3));
        given().contentType(ContentType.JSON).body("{\"intervalSeconds\": 3600, \"retain\": 2, \"targetSites\": [\""
                + THERE + "\", \"oslo\"]}").put("/protections/{v}", groupId).then().statusCode(200);

        commitHere(groupId, List.of(groupId), 2);

        given().get("/protections/{v}", groupId).then().statusCode(200)
                .body("state", equalTo("active"))
                .body("intervalSeconds", equalTo(3600))
                .body("targetSites", equalTo(List.of(THERE, "oslo")));
    }

    /** Placement commits a switchover of the group to this site, {@code times} times; waits until it is carried out. */
    private static void commitHere(String groupId, List<String> volumeIds, int times) {
        try (Decisions decisions = Decisions.of(groupId, volumeIds)) {
            PlacementDecision commit = decisions.decision(DecisionType.SWITCHOVER, "commit", THERE, HERE);
            for (int i = 0; i < times; i++) {
                decisions.publish(commit);
            }
            decisions.awaitFrozen(commit, false, times * volumeIds.size());
        }
    }
}
