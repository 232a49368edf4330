package io.datamover.snapshot.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.TestEvents;
import io.datamover.snapshot.support.BlockStoreResource;
import io.datamover.snapshot.support.ProtectedVolumes;
import io.datamover.snapshot.support.SnapshotEvents;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = BlockStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SnapshotScheduleTest {

    private static final String TARGET = "falkenberg";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    /** The site's block store, injected by {@link BlockStoreResource}. */
    ServiceProcess blockStore;

    private BlockStoreClient store;
    private EventPublisher replicas;
    private String volumeId;
    private SnapshotEvents snapshots;

    @BeforeEach
    void createVolume() {
        store = BlockStoreClient.of(storeUrl);
        replicas = TestEvents.publisher(TARGET, "transfer-service");
        volumeId = TestEvents.uniqueId("vol");
        store.createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);
        snapshots = SnapshotEvents.of(volumeId);
    }

    @AfterEach
    void close() {
        given().delete("/protections/{volumeId}", volumeId);
        snapshots.close();
        replicas.close();
    }

    @Test
    void shouldTakeTheNextSnapshotOnlyOnceTheLastWasAppliedAtTheTarget() {
        protect(1, 5);

        SnapshotTaken first = snapshots.await(1).get(0);
        assertThat(first.snapshot()).isEqualTo(1);
        assertThat(first.baseSnapshot()).isNull();
        assertThat(first.site()).isEqualTo(BlockStoreResource.SITE);
        assertThat(first.targetSites()).containsExactly(TARGET);
        assertThat(first.volumeBytes()).isEqualTo(1 << 20);
        assertThat(first.blockSize()).isEqualTo(4096);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> snapshots.taken().size() == 1);

        applied(1);

        SnapshotTaken second = snapshots.await(2).get(1);
        assertThat(second.snapshot()).isEqualTo(2);
        assertThat(second.baseSnapshot()).isEqualTo(1L);
    }

    @Test
    void shouldDeleteSnapshotsBeyondTheRetainCountButNotTheBase() {
        protect(1, 2);

        List<SnapshotTaken> taken = ProtectedVolumes.cycles(snapshots, replicas, TARGET, volumeId, 4);

        assertThat(taken).extracting(SnapshotTaken::snapshot).containsExactly(1L, 2L, 3L, 4L);
        assertThat(taken).extracting(SnapshotTaken::baseSnapshot).containsExactly(null, 1L, 2L, 3L);
        await().atMost(WAIT).untilAsserted(() -> assertThat(retained()).containsExactly(3L, 4L));
    }

    @Test
    void shouldGoOnTakingSnapshotsOnceTheStoreIsBack() {
        protect(1, 5);
        snapshots.await(1);

        blockStore.stop();
        try {
            applied(1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> snapshots.taken().size() == 1);
        } finally {
            blockStore.start();
        }

        SnapshotTaken second = snapshots.await(2).get(1);
        assertThat(second.snapshot()).isEqualTo(2);
        assertThat(second.baseSnapshot()).isEqualTo(1L);
    }

    @Test
    void shouldTakeASnapshotOnRequest() {
        protect(3600, 5);
        snapshots.await(1);

        given().post("/protections/{volumeId}/snapshots", volumeId)
                .then().statusCode(201)
                .body("volumeId", equalTo(volumeId))
                .body("snapshot", equalTo(2))
                .body("targetSites", equalTo(List.of(TARGET)));

        assertThat(snapshots.await(2).get(1).snapshot()).isEqualTo(2);
        assertThat(retained()).containsExactly(1L, 2L);
    }

    private void protect(int intervalSeconds, int retain) {
        ProtectedVolumes.protect(volumeId, intervalSeconds, retain, TARGET);
    }

    private void applied(long snapshot) {
        ProtectedVolumes.applied(replicas, TARGET, volumeId, snapshot);
    }



    private List<Long> retained() {
        return store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
    }
}
