package io.datamover.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.EventJson;
import io.datamover.events.EventPublisher;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot service as a process: what it knows survives a restart, protections and groups alike. */
class SnapshotServiceRestartIT {

    private static final String SITE = "stockholm";
    private static final String TARGET = "falkenberg";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ServiceProcess store;
    private ServiceProcess service;

    @BeforeEach
    void start() {
        store = ServiceProcess.builder("block-store")
                .property("datamover.site", SITE)
                .property("datamover.data-dir", dir.resolve("block-store").toString())
                .logFile(dir.resolve("block-store.log"))
                .build().start();
        service = ServiceProcess.builder("snapshot-service")
                .property("datamover.site", SITE)
                .property("datamover.store-url", store.url())
                .property("datamover.data-dir", dir.resolve("snapshot-service").toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .logFile(dir.resolve("snapshot-service.log"))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        if (store != null) {
            store.stop();
        }
    }

    @Test
    void shouldResumeFromItsProtectionsAndTheAppliedSnapshotsOnTheTopicAfterARestart() throws Exception {
        String volumeId = volume("restart");

        try (TopicReader snapshots = TopicReader.fromBeginning(Topics.SNAPSHOT_TAKEN, r -> volumeId.equals(r.key()));
                EventPublisher replicas = TestEvents.publisher(TARGET, "transfer-service")) {
            put("/protections/" + volumeId, "{\"intervalSeconds\": 1, \"targetSites\": [\"" + TARGET + "\"]}");
            awaitSnapshots(snapshots, 1);
            replicas.publish(applied(volumeId, 1));
            awaitSnapshots(snapshots, 2);

            service.stop();
            replicas.publish(applied(volumeId, 2));
            service.start();

            SnapshotTaken third = awaitSnapshots(snapshots, 3).get(2);
            assertThat(third.snapshot()).isEqualTo(3);
            assertThat(third.baseSnapshot()).isEqualTo(2L);
        }
    }

    @Test
    void shouldKeepItsGroupsAcrossARestart() throws Exception {
        String groupId = TestEvents.uniqueId("app");
        List<String> volumeIds = List.of(volume("db"), volume("files"));

        try (TopicReader snapshots = TopicReader.fromBeginning(Topics.SNAPSHOT_TAKEN,
                r -> volumeIds.contains(r.key()));
                EventPublisher replicas = TestEvents.publisher(TARGET, "transfer-service")) {
            put("/groups/" + groupId, "{\"volumeIds\": [\"" + String.join("\", \"", volumeIds) + "\"],"
                    + " \"intervalSeconds\": 1, \"targetSites\": [\"" + TARGET + "\"]}");
            awaitSnapshots(snapshots, 2);

            service.stop();
            for (String volumeId : volumeIds) {
                replicas.publish(applied(volumeId, 1));
            }
            service.start();

            List<SnapshotTaken> after = awaitSnapshots(snapshots, 4).subList(2, 4);
            assertThat(after).extracting(SnapshotTaken::volumeId).containsExactlyInAnyOrderElementsOf(volumeIds);
            assertThat(after).allSatisfy(event -> {
                assertThat(event.groupId()).isEqualTo(groupId);
                assertThat(event.snapshot()).isEqualTo(2);
                assertThat(event.baseSnapshot()).isEqualTo(1L);
            });
        }
    }

    private String volume(String prefix) {
        String volumeId = TestEvents.uniqueId(prefix);
        BlockStoreClient.of(store.url()).createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);
        return volumeId;
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static ReplicaApplied applied(String volumeId, long snapshot) {
        return ReplicaApplied.of(TARGET, SITE, volumeId, snapshot, null, 4096, 4096, Instant.now());
    }

    private static List<SnapshotTaken> awaitSnapshots(TopicReader snapshots, int count) {
        return await().atMost(WAIT).until(() -> snapshots.poll().stream()
                .map(record -> EventJson.read(record.value(), SnapshotTaken.class))
                .toList(), events -> events.size() >= count);
    }
}
