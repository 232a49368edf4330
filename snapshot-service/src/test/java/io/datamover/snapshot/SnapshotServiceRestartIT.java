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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot service as a process: what it knows survives a restart. */
class SnapshotServiceRestartIT {

    private static final String SITE = "stockholm";
    private static final String TARGET = "falkenberg";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ServiceProcess store;
    private ServiceProcess service;

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
        String volumeId = TestEvents.uniqueId("restart");
        BlockStoreClient.of(store.url()).createVolume(volumeId, 1 << 20, 4096, VolumeRole.PRIMARY);

        try (TopicReader snapshots = TopicReader.fromBeginning(Topics.SNAPSHOT_TAKEN, r -> volumeId.equals(r.key()));
                EventPublisher replicas = TestEvents.publisher(TARGET, "transfer-service")) {
            protect(volumeId);
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

    private void protect(String volumeId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/protections/" + volumeId))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"intervalSeconds\": 1, \"targetSites\": [\"" + TARGET + "\"]}"))
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
