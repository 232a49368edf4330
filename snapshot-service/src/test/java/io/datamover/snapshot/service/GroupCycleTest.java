package io.datamover.snapshot.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Consistency;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.ReplicationProgress;
import io.datamover.snapshot.kafka.ProgressRebuild;
import io.datamover.snapshot.storage.EmbeddedStorage;
import io.datamover.snapshot.support.BlockStoreResource;
import io.datamover.snapshot.support.SnapshotEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GroupCycleTest {

    private static final String TARGET = "falkenberg";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @Inject
    SnapshotConfig config;

    @Inject
    Groups groups;

    @Inject
    ReplicationProgress progress;

    @Inject
    ProgressRebuild progressRebuild;

    @Inject
    RemoteHookRunner remoteHooks;

    @TempDir
    Path dir;

    private BlockStoreClient store;
    private String groupId;
    private String first;
    private String second;
    private SnapshotEvents snapshots;

    @BeforeEach
    void createVolumes() {
        store = BlockStoreClient.of(storeUrl);
        groupId = TestEvents.uniqueId("app");
        first = volume();
        second = volume();
        snapshots = SnapshotEvents.of(first, second);
    }

    @AfterEach
    void removeGroup() {
        given().delete("/groups/{g}", groupId);
        snapshots.close();
    }

    @Test
    void shouldPublishAnApplicationConsistentSnapshotOfEveryVolumeBetweenTheHooks() throws IOException {
        Path log = dir.resolve("hooks.log");
        putGroup("\"preHook\": [\"sh\", \"-c\", \"echo quiesce $DATAMOVER_GROUP_ID >> " + log + "\"],"
                + " \"postHook\": [\"sh\", \"-c\", \"echo resume >> " + log + "\"], \"priority\": 40,");

        List<SnapshotTaken> taken = snapshots.await(2);

        assertThat(taken).extracting(SnapshotTaken::volumeId).containsExactlyInAnyOrder(first, second);
        assertThat(taken).allSatisfy(event -> {
            assertThat(event.groupId()).isEqualTo(groupId);
            assertThat(event.groupPriority()).isEqualTo(40);
            assertThat(event.consistency()).isEqualTo(Consistency.APPLICATION);
            assertThat(event.snapshot()).isEqualTo(1);
            assertThat(event.baseSnapshot()).isNull();
            assertThat(event.targetSites()).containsExactly(TARGET);
            assertThat(event.site()).isEqualTo(BlockStoreResource.SITE);
        });
        assertThat(Files.readAllLines(log)).containsExactly("quiesce " + groupId, "resume");
        assertThat(retained(first)).containsExactly(1L);
        assertThat(retained(second)).containsExactly(1L);
        given().get("/groups/{g}", groupId).then().statusCode(200)
                .body("lastSnapshot.consistency", equalTo("application"))
                .body("lastSnapshot.volumes.volumeId", equalTo(List.of(first, second)))
                .body("lastSnapshot.volumes.snapshot", equalTo(List.of(1, 1)));
    }

    @Test
    void shouldTakeNoSnapshotWhenThePreHookFailsAndStillRunThePostHook() {
        Path resumed = dir.resolve("resumed");
        putGroup("\"preHook\": [\"sh\", \"-c\", \"echo cannot quiesce; exit 3\"],"
                + " \"postHook\": [\"sh\", \"-c\", \"echo resume > " + resumed + "\"],");

        await().atMost(WAIT).untilAsserted(() -> given().get("/groups/{g}", groupId).then()
                .body("lastHookFailure.hook", equalTo("preHook"))
                .body("lastHookFailure.exitCode", equalTo(3))
                .body("lastHookFailure.timedOut", equalTo(false))
                .body("lastHookFailure.message", containsString("cannot quiesce")));
        await().atMost(WAIT).until(() -> Files.exists(resumed));

        given().post("/groups/{g}/snapshots", groupId).then().statusCode(500)
                .body("field", equalTo("preHook"))
                .body("error", containsString("exited with code 3"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> snapshots.taken().isEmpty());
        assertThat(retained(first)).isEmpty();
        assertThat(retained(second)).isEmpty();
        given().get("/groups/{g}", groupId).then().body("lastSnapshot", equalTo(null));
    }

    @Test
    void shouldTakeNoSnapshotWhenThePreHookTimesOut() {
        putGroup("\"preHook\": [\"sleep\", \"30\"], \"hookTimeoutSeconds\": 1,");

        await().atMost(WAIT).untilAsserted(() -> given().get("/groups/{g}", groupId).then()
                .body("lastHookFailure.hook", equalTo("preHook"))
                .body("lastHookFailure.timedOut", equalTo(true))
                .body("lastHookFailure.message", containsString("timed out after 1s")));

        assertThat(retained(first)).isEmpty();
        assertThat(snapshots.taken()).isEmpty();
    }

    @Test
    void shouldTakeACrashConsistentGroupSnapshotOnRequestWithoutHooks() {
        putGroup("");
        snapshots.await(2);

        given().post("/groups/{g}/snapshots", groupId).then().statusCode(201)
                .body("groupId", equalTo(groupId))
                .body("consistency", equalTo("crash"))
                .body("volumes.volumeId", equalTo(List.of(first, second)))
                .body("volumes.snapshot", equalTo(List.of(2, 2)));

        List<SnapshotTaken> again = snapshots.await(4).subList(2, 4);
        assertThat(again).allSatisfy(event -> {
            assertThat(event.snapshot()).isEqualTo(2);
            assertThat(event.groupId()).isEqualTo(groupId);
            assertThat(event.groupPriority()).as("the default").isZero();
            assertThat(event.consistency()).isEqualTo(Consistency.CRASH);
        });
    }

    @Test
    void shouldDeleteTheSnapshotOfEveryVolumeWhenItsEventsCannotBePublished() {
        EventPublisher closed = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service");
        closed.close();
        EmbeddedStorage storage = new EmbeddedStorage(store, BlockStoreResource.SITE);
        VolumeSnapshots volumes = new VolumeSnapshots(config, storage, closed, progress);
        GroupCycle cycle = new GroupCycle(config, groups, storage, volumes, new HookRunner(), remoteHooks,
                progressRebuild, new CycleLocks());
        Group group = new Group(groupId, List.of(first, second), 60, 5, List.of(TARGET), null, null, 30);

        assertThatThrownBy(() -> cycle.runIfDue(group, Instant.now())).isInstanceOf(IllegalStateException.class);

        assertThat(retained(first)).isEmpty();
        assertThat(retained(second)).isEmpty();
        assertThat(store.volume(first).latestSnapshot()).isNull();
    }

    private void putGroup(String hooks) {
        given().contentType(ContentType.JSON)
                .body("{\"volumeIds\": [\"" + first + "\", \"" + second + "\"], \"intervalSeconds\": 3600, " + hooks
                        + " \"targetSites\": [\"" + TARGET + "\"]}")
                .put("/groups/{g}", groupId)
                .then().statusCode(200);
    }



    private List<Long> retained(String volumeId) {
        return store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
    }

    private String volume() {
        String volumeId = TestEvents.uniqueId("member");
        store.createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);
        return volumeId;
    }
}
