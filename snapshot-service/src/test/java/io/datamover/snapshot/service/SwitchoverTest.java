package io.datamover.snapshot.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Consistency;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.VolumeFrozen;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.support.BlockStoreResource;
import io.datamover.snapshot.support.Decisions;
import io.datamover.snapshot.support.Replicas;
import io.datamover.snapshot.support.SnapshotEvents;
import io.datamover.snapshot.support.WarningLog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A switchover as the snapshot service sees it: placement's steps come as events and the service acts on its site's
 * block store. One store plays both sites in turn: the source of a switchover away from this site (freeze, commit,
 * abort), and the target of one to it (commit).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SwitchoverTest {

    private static final String HERE = Decisions.SITE;
    private static final String THERE = Decisions.OTHER_SITE;
    private static final Duration QUIET = Duration.ofSeconds(3);

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    /** The site's block store, injected by {@link BlockStoreResource}. */
    ServiceProcess blockStore;

    private BlockStoreClient store;
    private String groupId;
    private List<String> volumeIds;
    private SnapshotEvents snapshots;
    private Decisions decisions;
    private EventPublisher replicas;

    @BeforeEach
    void createGroup() {
        store = BlockStoreClient.of(storeUrl);
        groupId = TestEvents.uniqueId("switch");
        volumeIds = List.of(TestEvents.uniqueId("db"), TestEvents.uniqueId("files"));
        snapshots = SnapshotEvents.of(volumeIds.toArray(String[]::new));
        decisions = Decisions.of(groupId, volumeIds);
        replicas = TestEvents.publisher(THERE, "transfer-service");
    }

    @AfterEach
    void removeGroup() {
        given().delete("/groups/{g}", groupId);
        replicas.close();
        decisions.close();
        snapshots.close();
    }

    @Test
    void shouldFreezeTheGroupWithItsFinalSnapshotOnFreeze() {
        primaries();
        putGroup(3600, "\"preHook\": [\"true\"],");
        snapshots.await(2);
        applied(1);

        PlacementDecision freeze = decisions.publish(decisions.decision(DecisionType.SWITCHOVER, "freeze", HERE, THERE));

        List<SnapshotTaken> last = finalSnapshots(freeze, 2);
        assertThat(last).extracting(SnapshotTaken::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
        assertThat(last).allSatisfy(event -> {
            assertThat(event.snapshot()).isEqualTo(2);
            assertThat(event.baseSnapshot()).isEqualTo(1L);
            assertThat(event.groupId()).isEqualTo(groupId);
            assertThat(event.consistency()).isEqualTo(Consistency.APPLICATION);
            assertThat(event.targetSites()).containsExactly(THERE);
            assertThat(event.site()).isEqualTo(HERE);
        });
        List<VolumeFrozen> frozen = decisions.awaitFrozen(freeze, true, 2);
        assertThat(frozen).extracting(VolumeFrozen::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
        assertThat(frozen).allSatisfy(event -> {
            assertThat(event.site()).isEqualTo(HERE);
            assertThat(event.snapshot()).isEqualTo(2L);
            assertThat(event.reason()).contains(freeze.decisionId()).contains(THERE);
        });
        for (String volumeId : volumeIds) {
            assertThat(store.volume(volumeId).frozen()).isTrue();
            assertThat(retained(volumeId)).containsExactly(1L, 2L);
            assertWriteRefused(volumeId);
        }
    }

    @Test
    void shouldTakeTheFinalSnapshotAgainWhenAFreezeComesTwice() {
        primaries();
        putGroup(3600, "");
        snapshots.await(2);
        PlacementDecision freeze = decisions.decision(DecisionType.SWITCHOVER, "freeze", HERE, THERE);

        decisions.publish(freeze);
        decisions.publish(freeze);

        List<SnapshotTaken> last = finalSnapshots(freeze, 4);
        assertThat(last).allSatisfy(event -> assertThat(event.consistency()).isEqualTo(Consistency.CRASH));
        assertThat(decisions.awaitFrozen(freeze, true, 4)).extracting(VolumeFrozen::snapshot)
                .containsExactlyInAnyOrder(2L, 2L, 3L, 3L);
        for (String volumeId : volumeIds) {
            assertThat(retained(volumeId)).containsExactly(1L, 2L, 3L);
            assertThat(store.digest(volumeId, 3).digest()).isEqualTo(store.digest(volumeId, 2).digest());
        }
    }

    @Test
    void shouldStepDownToAReplicaOfTheTargetOnCommitAtTheSource() {
        primaries();
        putGroup(1, "");
        snapshots.await(2);
        PlacementDecision freeze = decisions.publish(decisions.decision(DecisionType.SWITCHOVER, "freeze", HERE, THERE));
        decisions.awaitFrozen(freeze, true, 2);

        PlacementDecision commit = decisions.publish(Decisions.next(freeze, DecisionType.SWITCHOVER, "commit"));

        List<VolumeFrozen> thawed = decisions.awaitFrozen(commit, false, 2);
        assertThat(thawed).extracting(VolumeFrozen::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
        assertThat(thawed).allSatisfy(event -> {
            assertThat(event.reason()).isEqualTo("stepped down to replica of " + THERE);
            assertThat(event.site()).isEqualTo(HERE);
        });
        for (String volumeId : volumeIds) {
            VolumeInfo volume = store.volume(volumeId);
            assertThat(volume.role()).isEqualTo(VolumeRole.REPLICA);
            assertThat(volume.consistentSnapshot()).isEqualTo(2L);
        }
        given().get("/groups/{g}", groupId).then().statusCode(200).body("state", equalTo("standby"));
        applied(2);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> snapshots.taken().size() == 4);
    }

    @Test
    void shouldPromoteTheReplicasOnCommitAtTheTargetAndProtectThemTowardsTheSource() {
        for (String volumeId : volumeIds) {
            Replicas.create(store, volumeId, 4, Replicas.block(7));
        }
        PlacementDecision commit = decisions.publish(decisions.decision(DecisionType.SWITCHOVER, "commit", THERE,
                HERE));

        List<VolumeFrozen> thawed = decisions.awaitFrozen(commit, false, 2);
        assertThat(thawed).extracting(VolumeFrozen::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
        assertThat(thawed).allSatisfy(event -> {
            assertThat(event.reason()).isEqualTo("promoted to primary by " + commit.decisionId());
            assertThat(event.snapshot()).as("the snapshot it became the primary at").isEqualTo(4L);
        });
        for (String volumeId : volumeIds) {
            assertThat(store.volume(volumeId).role()).isEqualTo(VolumeRole.PRIMARY);
            store.write(volumeId, 0, Replicas.block(8));
            assertThat(store.read(volumeId, 0, Replicas.BLOCK_SIZE)).isEqualTo(Replicas.block(8));
        }
        given().get("/groups/{g}", groupId).then().statusCode(200)
                .body("state", equalTo("active"))
                .body("volumeIds", equalTo(volumeIds))
                .body("intervalSeconds", equalTo(30))
                .body("retain", equalTo(5))
                .body("targetSites", equalTo(List.of(THERE)))
                .body("preHook", nullValue());
    }

    @Test
    void shouldTakeNoSnapshotWhileFrozenThenThawAndResumeOnAbort() {
        primaries();
        putGroup(1, "\"preHook\": [\"true\"], \"postHook\": [\"true\"],");
        snapshots.await(2);
        try (WarningLog scheduler = WarningLog.of(SnapshotScheduler.class)) {
            PlacementDecision freeze = decisions.publish(decisions.decision(DecisionType.SWITCHOVER, "freeze", HERE,
                    THERE));
            assertThat(finalSnapshots(freeze, 2)).extracting(SnapshotTaken::snapshot).containsExactly(2L, 2L);
            applied(2);

            await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> snapshots.taken().size() == 4);
            given().get("/groups/{g}", groupId).then().statusCode(200)
                    .body("state", equalTo("active"))
                    .body("lastHookFailure", nullValue());
            assertThat(scheduler.messages()).isEmpty();

            PlacementDecision abort = decisions.publish(Decisions.next(freeze, DecisionType.ABORT, "abort"));

            List<VolumeFrozen> thawed = decisions.awaitFrozen(abort, false, 2);
            assertThat(thawed).allSatisfy(event -> assertThat(event.reason())
                    .isEqualTo("switchover aborted: " + abort.cause()));
            for (String volumeId : volumeIds) {
                assertThat(store.volume(volumeId).frozen()).isFalse();
                store.write(volumeId, 0, Replicas.block(9));
            }
            List<SnapshotTaken> resumed = snapshots.await(6).subList(4, 6);
            assertThat(resumed).allSatisfy(event -> {
                assertThat(event.snapshot()).isEqualTo(3);
                assertThat(event.decisionId()).isNull();
            });
            assertThat(scheduler.messages()).isEmpty();
        }
    }

    @Test
    void shouldLeaveDecisionsForOtherSitesAndOtherStepsAlone() {
        primaries();
        List<PlacementDecision> others = List.of(
                decisions.decision(DecisionType.SWITCHOVER, "freeze", "oslo", THERE),
                decisions.decision(DecisionType.SWITCHOVER, "commit", "oslo", THERE),
                decisions.decision(DecisionType.ABORT, "abort", THERE, HERE),
                decisions.decision(DecisionType.SWITCHOVER, "triggered", HERE, THERE),
                decisions.decision(DecisionType.SWITCHOVER, "final-snapshot", HERE, THERE),
                decisions.decision(DecisionType.SWITCHOVER, "committed", HERE, THERE),
                decisions.decision(DecisionType.ABORT, "aborted", HERE, THERE),
                decisions.decision(DecisionType.SWITCHOVER, "no-target", HERE, HERE),
                decisions.decision(DecisionType.SWITCHOVER, "cancelled", HERE, THERE),
                decisions.decision(DecisionType.SWITCHOVER, "rejected", HERE, THERE),
                decisions.decision(DecisionType.FAILOVER, "commit", THERE, HERE));
        others.forEach(decisions::publish);

        PlacementDecision after = decisions.publish(decisions.decision(DecisionType.ABORT, "abort", HERE, THERE));

        decisions.awaitFrozen(after, false, 2);
        assertThat(others).allSatisfy(decision -> assertThat(decisions.frozen(decision)).isEmpty());
        assertThat(snapshots.taken()).isEmpty();
        for (String volumeId : volumeIds) {
            VolumeInfo volume = store.volume(volumeId);
            assertThat(volume.role()).isEqualTo(VolumeRole.PRIMARY);
            assertThat(volume.frozen()).isFalse();
            assertThat(retained(volumeId)).isEmpty();
        }
    }

    @Test
    void shouldGiveUpADecisionTheStoreCannotServeAfterItsTriesAndGoOn() {
        primaries();
        PlacementDecision freeze = decisions.decision(DecisionType.SWITCHOVER, "freeze", HERE, THERE);
        try (WarningLog switchovers = WarningLog.of(Switchovers.class)) {
            blockStore.stop();
            try {
                decisions.publish(freeze);
                await().atMost(Duration.ofSeconds(30)).until(() -> switchovers.messages().stream()
                        .anyMatch(line -> line.startsWith("ERROR") && line.contains(freeze.decisionId())
                                && line.contains("gave up after 3 tries")));
            } finally {
                blockStore.start();
            }
            assertThat(switchovers.messages()).filteredOn(line -> line.contains("trying again")).hasSize(2)
                    .allSatisfy(line -> assertThat(line).startsWith("WARN").contains(freeze.decisionId()));
        }

        PlacementDecision abort = decisions.publish(Decisions.next(freeze, DecisionType.ABORT, "abort"));

        decisions.awaitFrozen(abort, false, 2);
        assertThat(decisions.frozen(freeze)).noneMatch(VolumeFrozen::frozen);
        assertThat(snapshots.taken()).isEmpty();
    }

    private void primaries() {
        volumeIds.forEach(volumeId -> store.createVolume(volumeId, Replicas.SIZE, Replicas.BLOCK_SIZE,
                VolumeRole.PRIMARY));
    }

    private void putGroup(int intervalSeconds, String hooks) {
        given().contentType(ContentType.JSON)
                .body("{\"volumeIds\": [\"" + String.join("\", \"", volumeIds) + "\"], \"intervalSeconds\": "
                        + intervalSeconds + ", " + hooks + " \"targetSites\": [\"" + THERE + "\"]}")
                .put("/groups/{g}", groupId)
                .then().statusCode(200);
    }

    private void applied(long snapshot) {
        for (String volumeId : volumeIds) {
            replicas.publish(ReplicaApplied.of(THERE, HERE, volumeId, snapshot, null, Replicas.SIZE, Replicas.SIZE,
                    Instant.now()));
        }
    }

    private List<SnapshotTaken> finalSnapshots(PlacementDecision decision, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> snapshots.taken().stream()
                .filter(event -> decision.decisionId().equals(event.decisionId())).toList(),
                events -> events.size() >= count);
    }

    private List<Long> retained(String volumeId) {
        return store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
    }

    private void assertWriteRefused(String volumeId) {
        assertThatThrownBy(() -> store.write(volumeId, 0, Replicas.block(1)))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.isConflict()).isTrue());
    }
}
