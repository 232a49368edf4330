package io.datamover.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.events.VolumeFrozen;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switchover between two sites, each with its block store and its snapshot service as processes, the group defined
 * at both, each towards the other. The test plays placement (it publishes the steps) and the transfer services (it
 * copies each snapshot to the other store and says so on {@code replica-applied}).
 */
class SwitchoverIT {

    private static final String SOURCE = "stockholm";
    private static final String TARGET = "falkenberg";
    private static final long SIZE = 1 << 20;
    private static final int BLOCK = 4096;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ServiceProcess sourceStore;
    private ServiceProcess targetStore;
    private ServiceProcess sourceService;
    private ServiceProcess targetService;

    @BeforeEach
    void start() {
        sourceStore = store(SOURCE);
        targetStore = store(TARGET);
        sourceService = service(SOURCE, sourceStore);
        targetService = service(TARGET, targetStore);
    }

    @AfterEach
    void stop() {
        for (ServiceProcess process : Arrays.asList(targetService, sourceService, targetStore, sourceStore)) {
            if (process != null) {
                process.stop();
            }
        }
    }

    @Test
    void shouldMoveTheGroupsPrimaryAndProtectItBackTowardsTheOldPrimary() throws Exception {
        String groupId = TestEvents.uniqueId("shop");
        List<String> volumeIds = List.of(TestEvents.uniqueId("db"), TestEvents.uniqueId("files"));
        BlockStoreClient source = BlockStoreClient.of(sourceStore.url());
        BlockStoreClient target = BlockStoreClient.of(targetStore.url());
        Set<String> keys = Set.copyOf(volumeIds);
        try (TopicReader snapshots = TopicReader.fromBeginning(Topics.SNAPSHOT_TAKEN, r -> keys.contains(r.key()));
                TopicReader frozen = TopicReader.fromBeginning(Topics.VOLUME_FROZEN, r -> keys.contains(r.key()));
                EventPublisher placement = TestEvents.publisher(SOURCE, "placement-service");
                EventPublisher sourceReplicas = TestEvents.publisher(SOURCE, "transfer-service");
                EventPublisher targetReplicas = TestEvents.publisher(TARGET, "transfer-service")) {
            for (String volumeId : volumeIds) {
                source.createVolume(volumeId, SIZE, BLOCK, VolumeRole.PRIMARY);
                source.write(volumeId, 0, block(1));
            }
            putGroup(sourceService, groupId, volumeIds, 3600, TARGET);
            putGroup(targetService, groupId, volumeIds, 1, SOURCE);
            assertThat(get(targetService, "/groups/" + groupId)).contains("\"state\":\"standby\"");

            awaitSnapshots(snapshots, SOURCE, 1, 2);
            for (String volumeId : volumeIds) {
                target.createVolume(volumeId, SIZE, BLOCK, VolumeRole.REPLICA);
                ship(source, target, volumeId, null, 1);
                targetReplicas.publish(applied(TARGET, SOURCE, volumeId, 1));
                source.write(volumeId, 0, block(2));
            }

            PlacementDecision freeze = PlacementDecision.of("switchover-" + groupId, DecisionType.SWITCHOVER,
                    "freeze", groupId, volumeIds, SOURCE, TARGET, "cooling at " + SOURCE);
            placement.publish(freeze);

            List<SnapshotTaken> last = awaitSnapshots(snapshots, SOURCE, 2, 2);
            assertThat(last).allSatisfy(event -> {
                assertThat(event.decisionId()).isEqualTo(freeze.decisionId());
                assertThat(event.baseSnapshot()).isEqualTo(1L);
            });
            awaitFrozen(frozen, freeze, SOURCE, true);
            for (String volumeId : volumeIds) {
                ship(source, target, volumeId, 1L, 2);
                targetReplicas.publish(applied(TARGET, SOURCE, volumeId, 2));
            }

            placement.publish(next(freeze, "commit"));

            awaitFrozen(frozen, freeze, TARGET, false);
            awaitFrozen(frozen, freeze, SOURCE, false);
            for (String volumeId : volumeIds) {
                assertThat(target.volume(volumeId).role()).isEqualTo(VolumeRole.PRIMARY);
                assertThat(target.read(volumeId, 0, BLOCK)).isEqualTo(block(2));
                VolumeInfo stepped = source.volume(volumeId);
                assertThat(stepped.role()).isEqualTo(VolumeRole.REPLICA);
                assertThat(stepped.consistentSnapshot()).isEqualTo(2L);
                target.write(volumeId, BLOCK, block(3));
            }
            assertThat(get(targetService, "/groups/" + groupId)).contains("\"state\":\"active\"");
            assertThat(get(sourceService, "/groups/" + groupId)).contains("\"state\":\"standby\"");

            List<SnapshotTaken> back = awaitSnapshots(snapshots, TARGET, 3, 2);
            assertThat(back).allSatisfy(event -> {
                assertThat(event.baseSnapshot()).isEqualTo(2L);
                assertThat(event.targetSites()).containsExactly(SOURCE);
                assertThat(event.groupId()).isEqualTo(groupId);
            });
            for (String volumeId : volumeIds) {
                ship(target, source, volumeId, 2L, 3);
                sourceReplicas.publish(applied(SOURCE, TARGET, volumeId, 3));
                assertThat(source.volume(volumeId).consistentSnapshot()).isEqualTo(3L);
                assertThat(source.digest(volumeId, 3).digest()).isEqualTo(target.digest(volumeId, 3).digest());
            }
        }
    }

    private ServiceProcess store(String site) {
        return ServiceProcess.builder("block-store")
                .property("datamover.site", site)
                .property("datamover.data-dir", dir.resolve(site + "-store").toString())
                .jvmOption("-Xmx256m")
                .logFile(dir.resolve(site + "-store.log"))
                .build().start();
    }

    /** Reads decisions from the beginning of the topic: none may be missed while the consumer joins. */
    private ServiceProcess service(String site, ServiceProcess store) {
        return ServiceProcess.builder("snapshot-service")
                .property("datamover.site", site)
                .property("datamover.store-url", store.url())
                .property("datamover.data-dir", dir.resolve(site + "-service").toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .property("mp.messaging.incoming.placement-decision.auto.offset.reset", "earliest")
                .property("datamover.snapshot.catch-up-timeout", "0s")
                .jvmOption("-Xmx256m")
                .logFile(dir.resolve(site + "-service.log"))
                .build().start();
    }

    /** Copies snapshot {@code snapshot} of the volume, whole, to the other store's frozen replica and thaws it. */
    private static void ship(BlockStoreClient from, BlockStoreClient to, String volumeId, Long base, long snapshot) {
        byte[] delta = from.readExtents(volumeId, snapshot, List.of(new Extent(0, SIZE)));
        to.freeze(volumeId, "receiving snapshot " + snapshot);
        to.apply(volumeId, base, snapshot, () -> new ByteArrayInputStream(delta));
        to.thaw(volumeId);
    }

    private static PlacementDecision next(PlacementDecision decision, String step) {
        return PlacementDecision.of(decision.decisionId(), decision.type(), step, decision.groupId(),
                decision.volumeIds(), decision.fromSite(), decision.site(), decision.cause());
    }

    private static ReplicaApplied applied(String site, String sourceSite, String volumeId, long snapshot) {
        return ReplicaApplied.of(site, sourceSite, volumeId, snapshot, null, SIZE, SIZE, Instant.now());
    }

    private static List<SnapshotTaken> awaitSnapshots(TopicReader snapshots, String site, long snapshot, int count) {
        return Awaitility.await().atMost(WAIT).until(() -> snapshots.events(
                SnapshotTaken.class, e -> e.site().equals(site) && e.snapshot() == snapshot),
                events -> events.size() >= count);
    }

    private static void awaitFrozen(TopicReader frozen, PlacementDecision decision, String site, boolean isFrozen) {
        Awaitility.await().atMost(WAIT).until(() -> frozen.events(VolumeFrozen.class,
                e -> decision.decisionId().equals(e.decisionId()) && e.site().equals(site) && e.frozen() == isFrozen),
                events -> events.size() >= decision.volumeIds().size());
    }

    private void putGroup(ServiceProcess service, String groupId, List<String> volumeIds, int intervalSeconds,
            String targetSite) throws IOException, InterruptedException {
        String body = "{\"volumeIds\": [\"" + String.join("\", \"", volumeIds) + "\"], \"intervalSeconds\": "
                + intervalSeconds + ", \"targetSites\": [\"" + targetSite + "\"]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/groups/"
                + groupId)).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String get(ServiceProcess service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static byte[] block(int value) {
        byte[] block = new byte[BLOCK];
        Arrays.fill(block, (byte) value);
        return block;
    }
}
