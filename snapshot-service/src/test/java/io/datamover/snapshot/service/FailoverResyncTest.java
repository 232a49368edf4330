package io.datamover.snapshot.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Versions;
import io.datamover.events.VolumeFrozen;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failover and the resync after it as the snapshot service sees them. This site is the lost primary that hears of
 * the failover (fence) and rejoins as a replica (rejoin), or the new primary that snapshots the group for the resync.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FailoverResyncTest {

    private static final String HERE = Decisions.SITE;
    private static final String THERE = Decisions.OTHER_SITE;
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final int BLOCK = Replicas.BLOCK_SIZE;

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private BlockStoreClient store;
    private String groupId;
    private List<String> volumeIds;
    private SnapshotEvents snapshots;
    private Decisions decisions;
    private EventPublisher replicas;

    @BeforeEach
    void createVolumes() {
        store = BlockStoreClient.of(storeUrl);
        groupId = TestEvents.uniqueId("lost");
        volumeIds = List.of(TestEvents.uniqueId("db"), TestEvents.uniqueId("files"));
        snapshots = SnapshotEvents.of(volumeIds.toArray(String[]::new));
        decisions = Decisions.of(groupId, volumeIds);
        replicas = TestEvents.publisher(THERE, "transfer-service");
        volumeIds.forEach(volumeId -> store.createVolume(volumeId, Replicas.SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    @AfterEach
    void removeGroup() {
        given().delete("/groups/{g}", groupId);
        replicas.close();
        decisions.close();
        snapshots.close();
    }

    @Test
    void shouldFenceTheGroupWhenItHearsItWasFailedOverSoItTakesNoMoreSnapshots() {
        putGroup(1);
        snapshots.await(2);
        applied(1);
        snapshots.await(4);
        PlacementDecision promote = decisions.publish(decisions.decision(DecisionType.FAILOVER, "promote", HERE,
                THERE));

        List<VolumeFrozen> fenced = decisions.awaitFrozen(promote, true, 2);

        assertThat(fenced).extracting(VolumeFrozen::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
        assertThat(fenced).allSatisfy(event -> assertThat(event.reason())
                .contains("failed over to " + THERE).contains(promote.decisionId()));
        for (String volumeId : volumeIds) {
            assertThat(store.volume(volumeId).frozen()).isTrue();
            assertThatThrownBy(() -> store.write(volumeId, 0, Replicas.block(1)))
                    .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.isConflict()).isTrue());
        }
        applied(2);
        int taken = snapshots.taken().size();
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> snapshots.taken().size() == taken);

        decisions.publish(Decisions.next(promote, DecisionType.FAILOVER, "promoted"));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> decisions.frozen(promote).size() == 2);
    }

    @Test
    void shouldRejoinAsAReplicaAtTheCommonSnapshotDiscardingWhatWasWrittenHereSince() {
        for (String volumeId : volumeIds) {
            store.write(volumeId, 0, Replicas.block(1));
        }
        putGroup(3600);
        snapshots.await(2);
        for (String volumeId : volumeIds) {
            store.write(volumeId, 2L * BLOCK, Replicas.block(2));
        }
        given().contentType(ContentType.JSON).body("{}").post("/groups/{g}/snapshots", groupId)
                .then().statusCode(201);
        snapshots.await(4);
        for (String volumeId : volumeIds) {
            store.write(volumeId, 5L * BLOCK, Replicas.block(3));
        }
        PlacementDecision promoted = decisions.publish(decisions.decision(DecisionType.FAILOVER, "promoted", HERE,
                THERE));
        decisions.awaitFrozen(promoted, true, 2);

        PlacementDecision rejoin = decisions.publish(resync("rejoin", 1L));

        List<VolumeFrozen> rejoined = decisions.awaitFrozen(rejoin, false, 2);
        assertThat(rejoined).allSatisfy(event -> {
            assertThat(event.site()).isEqualTo(HERE);
            assertThat(event.snapshot()).isEqualTo(1L);
            assertThat(event.reason()).isEqualTo("rejoined as a replica of " + THERE + " at snapshot 1: "
                    + 2 * BLOCK + " bytes written here since were discarded (found by cbt), with snapshots [2]");
        });
        for (String volumeId : volumeIds) {
            VolumeInfo volume = store.volume(volumeId);
            assertThat(volume.role()).isEqualTo(VolumeRole.REPLICA);
            assertThat(volume.consistentSnapshot()).isEqualTo(1L);
            assertThat(volume.frozen()).isFalse();
            assertThat(store.snapshots(volumeId)).extracting(SnapshotInfo::snapshot).containsExactly(1L);
            assertThat(store.read(volumeId, 0, 6 * BLOCK)).as("the content of snapshot 1")
                    .isEqualTo(concat(Replicas.block(1), new byte[5 * BLOCK]));
        }

        decisions.publish(rejoin);
        assertThat(decisions.awaitFrozen(rejoin, false, 4)).as("a repeated rejoin changes nothing")
                .filteredOn(event -> event.reason().contains("0 bytes")).hasSize(2);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> snapshots.taken().size() == 4);
    }

    @Test
    void shouldSnapshotTheGroupAtOnceOnResyncAtTheNewPrimary() {
        putGroup(3600);
        snapshots.await(2);

        decisions.publish(resync("resync", 1L));

        List<SnapshotTaken> taken = snapshots.await(4).subList(2, 4);
        assertThat(taken).allSatisfy(event -> {
            assertThat(event.snapshot()).isEqualTo(2);
            assertThat(event.site()).isEqualTo(HERE);
            assertThat(event.targetSites()).containsExactly(THERE);
            assertThat(event.groupId()).isEqualTo(groupId);
        });
    }

    /** A resync of the group: from the new primary there to this site, or from here to there at {@code resync}. */
    private PlacementDecision resync(String step, long common) {
        SortedMap<String, Long> snapshots = new TreeMap<>();
        volumeIds.forEach(volumeId -> snapshots.put(volumeId, common));
        boolean here = step.equals("rejoin");
        return new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(),
                "resync-" + UUID.randomUUID(), DecisionType.RESYNC, step, groupId, volumeIds, here ? THERE : HERE,
                here ? HERE : THERE, "back after a failover", snapshots);
    }

    private void applied(long snapshot) {
        for (String volumeId : volumeIds) {
            replicas.publish(ReplicaApplied.of(THERE, HERE, volumeId, snapshot, null, Replicas.SIZE, Replicas.SIZE,
                    Instant.now()));
        }
    }

    private void putGroup(int intervalSeconds) {
        given().contentType(ContentType.JSON)
                .body("{\"volumeIds\": [\"" + String.join("\", \"", volumeIds) + "\"], \"intervalSeconds\": "
                        + intervalSeconds + ", \"targetSites\": [\"" + THERE + "\"]}")
                .put("/groups/{g}", groupId)
                .then().statusCode(200);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
