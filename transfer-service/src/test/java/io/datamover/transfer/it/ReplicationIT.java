package io.datamover.transfer.it;

import static io.datamover.transfer.it.Volumes.BLOCK_SIZE;
import static io.datamover.transfer.it.Volumes.MIB;
import static io.datamover.transfer.it.Volumes.VOLUME_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChunkShipped;
import io.datamover.events.DeadLetters;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.events.VolumeFrozen;
import io.datamover.runtime.FileDamage;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.ChunkPlanner;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.peer.BeginRequest;
import io.datamover.transfer.peer.PeerClient;
import io.datamover.transfer.sender.Bandwidth;
import io.datamover.transfer.sender.SourceTransfers;
import io.datamover.transfer.storage.StagingArea;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication from stockholm (this JVM) to falkenberg (a block store and a transfer-service as
 * processes), driven by blocks-changed events as cbt-service publishes them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TwoSites.class)
class ReplicationIT {

    @ConfigProperty(name = "datamover.store-url")
    String stockholmStoreUrl;

    @ConfigProperty(name = "test.falkenberg.store-url")
    String falkenbergStoreUrl;

    @ConfigProperty(name = "test.falkenberg.data-dir")
    Path falkenbergDataDir;

    @ConfigProperty(name = "test.falkenberg.store-data-dir")
    Path falkenbergStoreDataDir;

    @ConfigProperty(name = "datamover.transfer.peers.falkenberg")
    String falkenbergTransferUrl;

    @ConfigProperty(name = "test.falkenberg.transfer-log")
    Path falkenbergTransferLog;

    @TwoSites.FalkenbergTransfer
    ServiceProcess falkenbergTransfer;

    @Inject
    Bandwidth bandwidth;

    @Inject
    SourceTransfers sourceTransfers;

    private BlockStoreClient stockholm;
    private BlockStoreClient falkenberg;
    private Replication replication;
    private TopicReader shipped;
    private TopicReader frozen;
    private TopicReader deadLetters;

    @BeforeEach
    void setUp() {
        stockholm = BlockStoreClient.of(stockholmStoreUrl);
        falkenberg = BlockStoreClient.of(falkenbergStoreUrl);
        replication = new Replication(stockholm, falkenberg, falkenbergDataDir, falkenbergTransferLog);
        shipped = TopicReader.fromEnd(Topics.CHUNK_SHIPPED);
        frozen = TopicReader.fromEnd(Topics.VOLUME_FROZEN);
        deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER);
    }

    @AfterEach
    void tearDown() {
        replication.close();
        shipped.close();
        frozen.close();
        deadLetters.close();
    }

    @Test
    void shouldReplicateAFullCopyThenOnlyTheChangedBlocksAndKeepTheNewestSnapshotsAtTheTarget() {
        String volume = replication.primaryVolume("full");
        List<Extent> written = List.of(new Extent(0, MIB), new Extent(2 * MIB, 640 * 1024));
        written.forEach(extent -> Volumes.fill(stockholm, volume, extent));
        stockholm.createSnapshot(volume);
        long zeroCopied = sourceTransfers.chunksZeroCopied();

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), written));

        ReplicaApplied first = replication.awaitApplied(volume, 1);
        long firstChanged = 1664 * 1024;
        int chunkCount = (int) ((firstChanged + TwoSites.CHUNK_BYTES - 1) / TwoSites.CHUNK_BYTES);
        // random data does not compress: every chunk went from the store's files to the data plane unread
        assertThat(sourceTransfers.chunksZeroCopied() - zeroCopied).isEqualTo(chunkCount);
        List<ChunkShipped> chunks = shipped.events(ChunkShipped.class, c -> c.volumeId().equals(volume));
        assertThat(chunks).extracting(ChunkShipped::chunk)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, chunkCount).boxed().toList());
        assertThat(chunks).extracting(ChunkShipped::bytesDone).isSorted();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.site()).isEqualTo("stockholm");
            assertThat(c.targetSite()).isEqualTo("falkenberg");
            assertThat(c.chunkCount()).isEqualTo(chunkCount);
            assertThat(c.checksum()).matches("crc32c:[0-9a-f]{8}");
        });
        ChunkShipped last = chunks.get(chunks.size() - 1);
        assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());
        assertThat(first.sourceSite()).isEqualTo("stockholm");
        assertThat(first.baseSnapshot()).isNull();
        assertThat(first.appliedBytes()).isEqualTo(firstChanged);
        assertThat(first.shippedBytes()).isEqualTo(last.bytesTotal());
        replication.assertReplicaIdentical(volume, 1);
        VolumeInfo replica = falkenberg.volume(volume);
        assertThat(replica.role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(replica.frozen()).isFalse();
        assertThat(replica.consistentSnapshot()).isEqualTo(1L);
        assertThat(frozen.events(VolumeFrozen.class, f -> f.volumeId().equals(volume)))
                .extracting(VolumeFrozen::site, VolumeFrozen::frozen, VolumeFrozen::reason)
                .containsExactly(
                        tuple("falkenberg", true, "applying snapshot 1 from stockholm"),
                        tuple("falkenberg", false, "snapshot 1 applied"));

        Extent changed = new Extent(5 * MIB, 2 * BLOCK_SIZE);
        Volumes.fill(stockholm, volume, changed);
        stockholm.createSnapshot(volume);
        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 2, 1L, "falkenberg"), List.of(changed)));

        ReplicaApplied second = replication.awaitApplied(volume, 2);
        assertThat(second.baseSnapshot()).isEqualTo(1L);
        assertThat(second.appliedBytes()).isEqualTo(changed.length());
        assertThat(second.shippedBytes()).isBetween(changed.length(), changed.length() + 64);
        replication.assertReplicaIdentical(volume, 2);
        assertThat(replication.digestAtFalkenberg(volume, 2)).isNotEqualTo(replication.digestAtFalkenberg(volume, 1));

        for (long n = 3; n <= 4; n++) {
            Extent next = new Extent(5 * MIB + n * BLOCK_SIZE, BLOCK_SIZE);
            Volumes.fill(stockholm, volume, next);
            stockholm.createSnapshot(volume);
            replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, n, n - 1, "falkenberg"), List.of(next)));
            replication.awaitApplied(volume, n);
        }
        Awaitility.await("the replica keeps its newest 3 snapshots").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(falkenberg.snapshots(volume)).extracting(SnapshotInfo::snapshot)
                        .containsExactly(2L, 3L, 4L));
        assertThat(falkenberg.volume(volume).consistentSnapshot()).isEqualTo(4L);
        replication.assertReplicaIdentical(volume, 4);
    }

    @Test
    void shouldReplicateASnapshotWithNoChangedBlocks() {
        String volume = replication.primaryVolume("empty");
        stockholm.createSnapshot(volume);

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), List.of()));

        ReplicaApplied applied = replication.awaitApplied(volume, 1);
        assertThat(applied.appliedBytes()).isZero();
        assertThat(applied.shippedBytes()).isZero();
        replication.assertReplicaIdentical(volume, 1);
    }

    @Test
    void shouldReleaseTheHoldOnTheShippedSnapshotOnceTheTargetCommitted() {
        String volume = replication.primaryVolume("released");
        Volumes.fill(stockholm, volume, new Extent(0, BLOCK_SIZE));
        stockholm.createSnapshot(volume);

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"),
                List.of(new Extent(0, BLOCK_SIZE))));

        replication.awaitApplied(volume, 1);
        awaitNoHolds(volume);
        stockholm.deleteSnapshot(volume, 1);
        assertThat(stockholm.snapshots(volume)).isEmpty();
    }

    @Test
    void shouldReleaseTheHoldOnTheSnapshotWhenItGivesUp() {
        String volume = replication.primaryVolume("abandoned");
        Volumes.fill(stockholm, volume, new Extent(0, BLOCK_SIZE));
        stockholm.createSnapshot(volume);

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, TwoSites.UNREACHABLE_SITE),
                List.of(new Extent(0, BLOCK_SIZE))));

        deadLetters.await("dead letter of " + volume, r -> volume.equals(r.key()));
        awaitNoHolds(volume);
        stockholm.deleteSnapshot(volume, 1);
        assertThat(stockholm.snapshots(volume)).isEmpty();
    }

    @Test
    void shouldSendOnlyTheChunksTheTargetDoesNotHoldYet() {
        String volume = replication.primaryVolume("resume");
        List<Extent> written = List.of(new Extent(0, MIB));
        Volumes.fill(stockholm, volume, written.get(0));
        stockholm.createSnapshot(volume);
        SnapshotTaken snapshot = Volumes.snapshotTaken(volume, 1, null, "falkenberg");
        List<Chunk> chunks = ChunkPlanner.plan(written, TwoSites.CHUNK_BYTES);
        PeerClient peer = falkenbergPeer();
        peer.begin(volume, 1, new BeginRequest("stockholm", null, VOLUME_BYTES, BLOCK_SIZE, chunks.size(),
                ChunkPlanner.framedBytes(chunks), snapshot.timestamp()));
        for (int k : List.of(0, 2)) {
            byte[] body = Volumes.frame(stockholm, volume, 1, chunks.get(k));
            peer.putChunk(volume, 1, k, body, Volumes.checksum(body));
        }

        replication.publish(Volumes.pages(snapshot, written));

        replication.awaitApplied(volume, 1);
        assertThat(shipped.events(ChunkShipped.class, c -> c.volumeId().equals(volume)))
                .extracting(ChunkShipped::chunk).containsExactlyInAnyOrder(1, 3);
        replication.assertReplicaIdentical(volume, 1);
    }

    @Test
    void shouldResumeWithAtMostOneChunkPerStreamSentTwiceWhenTheTargetIsKilledHalfway() {
        String volume = replication.fullPrimaryVolume("killed");
        int chunkCount = (int) (VOLUME_BYTES / TwoSites.CHUNK_BYTES);
        long stagedAtKill;
        bandwidth.setLimit("falkenberg", 4 * MIB);
        try {
            replication.publishFullCopy(volume);

            replication.awaitChunksStaged(volume, 1, chunkCount / 2);
            falkenbergTransfer.kill();
            stagedAtKill = replication.chunksStaged(volume, 1);
            falkenbergTransfer.start();

            replication.awaitApplied(volume, 1);
        } finally {
            bandwidth.setLimit("falkenberg", 0);
        }
        assertThat(stagedAtKill).isBetween((long) chunkCount / 2, chunkCount - 1L);
        replication.assertReplicaIdentical(volume, 1);
        replication.assertEveryChunkReceivedAtMostOnePerStreamTwice(volume, 1, chunkCount);
        List<ChunkShipped> events = shipped.events(ChunkShipped.class, c -> c.volumeId().equals(volume));
        assertThat(events).extracting(ChunkShipped::bytesDone).isSorted();
        assertThat(events.get(events.size() - 1).bytesDone()).isEqualTo(events.get(0).bytesTotal());
    }

    @Test
    void shouldSendCompressibleChunksCompressedAndRandomOnesAsTheyAre() {
        String volume = replication.primaryVolume("zstd");
        Extent text = new Extent(0, MIB);
        Extent random = new Extent(4 * MIB, MIB);
        Volumes.fillCompressible(stockholm, volume, text);
        Volumes.fill(stockholm, volume, random);
        stockholm.createSnapshot(volume);

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"),
                List.of(text, random)));

        ReplicaApplied applied = replication.awaitApplied(volume, 1);
        replication.assertReplicaIdentical(volume, 1);
        assertThat(applied.appliedBytes()).isEqualTo(2 * MIB);
        int chunksEach = (int) (MIB / TwoSites.CHUNK_BYTES);
        assertThat(Volumes.chunkEncodingsReceived(falkenbergTransferLog, volume, 1))
                .containsOnly("zstd", "identity")
                .filteredOn("zstd"::equals).hasSize(chunksEach);
        assertThat(Volumes.chunkEncodingsReceived(falkenbergTransferLog, volume, 1))
                .filteredOn("identity"::equals).hasSize(chunksEach);
    }

    @Test
    void shouldFetchAgainAChunkCorruptedInTheReplicaBeforeTheCommit() throws Exception {
        String volume = replication.primaryVolume("rot");
        Extent written = new Extent(0, 2 * MIB);
        Volumes.fill(stockholm, volume, written);
        stockholm.createSnapshot(volume);
        Path receipt = falkenbergDataDir.resolve("staging").resolve(volume).resolve("1").resolve("chunk-0");
        bandwidth.setLimit("falkenberg", 2 * MIB);
        try {
            replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), List.of(written)));

            Awaitility.await("chunk 0 written at falkenberg").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10)).until(() -> Files.exists(receipt));
            FileDamage.flipByte(falkenbergStoreDataDir.resolve("volumes").resolve(volume).resolve("data"),
                    TwoSites.CHUNK_BYTES / 2);

            replication.awaitApplied(volume, 1);
        } finally {
            bandwidth.setLimit("falkenberg", 0);
        }
        replication.assertReplicaIdentical(volume, 1);
        assertThat(Volumes.chunkPutsReceived(falkenbergTransferLog, volume, 1)).containsEntry(0, 2L);
    }

    @Test
    void shouldApplyACommittedDeltaAgainWhenTheTargetRestarts() {
        String volume = replication.primaryVolume("crash");
        List<Extent> written = List.of(new Extent(MIB, 512 * 1024));
        Volumes.fill(stockholm, volume, written.get(0));
        stockholm.createSnapshot(volume);
        SnapshotTaken snapshot = Volumes.snapshotTaken(volume, 1, null, "falkenberg");
        List<Chunk> chunks = ChunkPlanner.plan(written, TwoSites.CHUNK_BYTES);
        PeerClient peer = falkenbergPeer();
        peer.begin(volume, 1, new BeginRequest("stockholm", null, VOLUME_BYTES, BLOCK_SIZE, chunks.size(),
                ChunkPlanner.framedBytes(chunks), snapshot.timestamp()));
        for (Chunk chunk : chunks) {
            byte[] body = Volumes.frame(stockholm, volume, 1, chunk);
            peer.putChunk(volume, 1, chunk.index(), body, Volumes.checksum(body));
        }

        falkenbergTransfer.kill();
        StagingArea staging = new StagingArea(falkenbergDataDir);
        Manifest manifest = staging.manifest(volume, 1).orElseThrow();
        staging.markCommitted(manifest);
        falkenbergTransfer.start();

        ReplicaApplied reapplied = replication.awaitApplied(volume, 1);
        assertThat(reapplied.appliedBytes()).isEqualTo(512 * 1024);
        replication.assertReplicaIdentical(volume, 1);
        assertThat(falkenberg.volume(volume).frozen()).isFalse();
        assertThat(Files.exists(falkenbergDataDir.resolve("staging").resolve(volume).resolve("1"))).isFalse();
    }

    @Test
    void shouldDeadLetterAChangedSetForATargetWithoutAPeerAddress() {
        String volume = replication.primaryVolume("nopeer");
        stockholm.createSnapshot(volume);

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "gotland"),
                List.of(new Extent(0, BLOCK_SIZE))));

        ConsumerRecord<String, String> dead = deadLetters.await("dead letter of " + volume,
                r -> volume.equals(r.key()));
        assertThat(TopicReader.header(dead, DeadLetters.REASON))
                .contains("volume " + volume + " snapshot 1", "site gotland", "no peer address",
                        "datamover.transfer.peers.gotland");
        assertThat(TopicReader.header(dead, DeadLetters.TOPIC)).isEqualTo(Topics.BLOCKS_CHANGED);
    }

    @Test
    void shouldDeadLetterAChangedSetAfterTheLastAttemptWhenTheTargetDoesNotAnswer() {
        String volume = replication.primaryVolume("unreachable");
        Volumes.fill(stockholm, volume, new Extent(0, BLOCK_SIZE));
        stockholm.createSnapshot(volume);

        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, TwoSites.UNREACHABLE_SITE),
                List.of(new Extent(0, BLOCK_SIZE))));

        ConsumerRecord<String, String> dead = deadLetters.await("dead letter of " + volume,
                r -> volume.equals(r.key()));
        assertThat(TopicReader.header(dead, DeadLetters.REASON))
                .contains("volume " + volume + " snapshot 1", "site " + TwoSites.UNREACHABLE_SITE,
                        "attempt " + TwoSites.MAX_ATTEMPTS + " of " + TwoSites.MAX_ATTEMPTS, "did not answer");
    }

    @Test
    void shouldRouteMalformedBlocksChangedToDeadLetterTopicAndKeepConsuming() throws Exception {
        String key = Volumes.newId("malformed");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.BLOCKS_CHANGED, key, "{\"site\": \"stockholm\", \"page\":"))
                    .get();
        }

        ConsumerRecord<String, String> dead = deadLetters.await("dead letter of " + key, r -> key.equals(r.key()));
        assertThat(TopicReader.header(dead, DeadLetters.REASON)).contains("malformed blocks-changed event");
        assertThat(dead.value()).isEqualTo("{\"site\": \"stockholm\", \"page\":");

        String volume = replication.primaryVolume("after-malformed");
        stockholm.createSnapshot(volume);
        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), List.of()));
        replication.awaitApplied(volume, 1);
    }

    @Test
    void shouldDeadLetterThePagesOfAChangedSetThatCanNoLongerComplete() {
        String volume = replication.primaryVolume("abandoned");
        stockholm.createSnapshot(volume);
        stockholm.createSnapshot(volume);
        List<BlocksChanged> pagesOfFirst = Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"),
                List.of(new Extent(0, BLOCK_SIZE), new Extent(2L * BLOCK_SIZE, BLOCK_SIZE)));

        replication.publish(List.of(pagesOfFirst.get(0)));
        replication.publish(Volumes.pages(Volumes.snapshotTaken(volume, 2, null, "falkenberg"), List.of()));

        ConsumerRecord<String, String> dead = deadLetters.await("dead letter of " + volume,
                r -> volume.equals(r.key()));
        assertThat(TopicReader.header(dead, DeadLetters.REASON))
                .contains("incomplete changed set of volume " + volume + " snapshot 1", "pages [1] of 2",
                        "snapshot 2 began");
        assertThat(replication.awaitApplied(volume, 2).snapshot()).isEqualTo(2);
    }

    @Test
    void shouldPublishTheHeartbeatOfEachSite() {
        try (TopicReader heartbeats = TopicReader.fromEnd(Topics.SITE_HEARTBEAT)) {
            for (String site : List.of("stockholm", "falkenberg")) {
                SiteHeartbeat beat = heartbeats.awaitEvent(SiteHeartbeat.class,
                        h -> h.site().equals(site) && h.service().equals("transfer-service"));
                assertThat(beat.timestamp()).isAfter(Instant.now().minusSeconds(60));
            }
        }
    }

    /** The transfer released its hold on the source's snapshots, after the target committed or it gave up. */
    private void awaitNoHolds(String volume) {
        Awaitility.await("holds on the snapshots of " + volume + " released").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stockholm.snapshots(volume)).allSatisfy(
                        snapshot -> assertThat(snapshot.holds()).isEmpty()));
    }

    private PeerClient falkenbergPeer() {
        return new PeerClient("falkenberg", falkenbergTransferUrl, HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }
}
