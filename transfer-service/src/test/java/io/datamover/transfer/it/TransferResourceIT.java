package io.datamover.transfer.it;

import static io.datamover.transfer.it.PeerRequests.checksum;
import static io.datamover.transfer.it.PeerRequests.delta;
import static io.datamover.transfer.it.PeerRequests.digest;
import static io.datamover.transfer.it.PeerRequests.pattern;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.luben.zstd.Zstd;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.Topics;
import io.datamover.runtime.FileDamage;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TopicReader;
import io.datamover.transfer.domain.Compression;
import io.datamover.transfer.domain.CompressionTest;
import io.datamover.transfer.receiver.ReplicaStore;
import io.datamover.transfer.receiver.SnapshotExpiry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The target end of the peer protocol, served by stockholm (this JVM) into its own block store, and the retention of
 * the replicas it holds (the default {@code datamover.transfer.replica.retain}, 3).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TwoSites.class)
class TransferResourceIT {

    private static final long VOLUME_BYTES = 1024 * 1024;
    private static final int BLOCK_SIZE = 65536;
    private static final String CHECKSUM = "X-Datamover-Checksum";

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    @ConfigProperty(name = "test.stockholm.store-data-dir")
    Path storeDataDir;

    @Inject
    SnapshotExpiry expiry;

    @Inject
    ReplicaStore replicas;

    private BlockStoreClient store;
    private String volume;

    @BeforeEach
    void setUp() {
        store = BlockStoreClient.of(storeUrl);
        volume = Volumes.newId("incoming");
    }

    @Test
    void shouldCreateTheReplicaOnBeginAndReportNoChunkVerified() {
        begin(volume, 1, null, 2).statusCode(200)
                .body("status", equalTo("staging"))
                .body("chunksVerified", empty());

        VolumeInfo replica = store.volume(volume);
        assertThat(replica.role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(replica.sizeBytes()).isEqualTo(VOLUME_BYTES);
        assertThat(replica.blockSize()).isEqualTo(BLOCK_SIZE);
        status(volume, 1).statusCode(200).body("state", equalTo("staging")).body("chunkCount", equalTo(2));
    }

    @Test
    void shouldStageAVerifiedChunkAndAcceptItAgain() {
        begin(volume, 1, null, 2);
        byte[] chunk = delta(0, 4096);

        putChunk(volume, 1, "1", chunk, checksum(chunk)).statusCode(200)
                .body("chunk", equalTo(1)).body("checksum", equalTo(checksum(chunk)));
        putChunk(volume, 1, "1", chunk, checksum(chunk)).statusCode(200);

        status(volume, 1).body("chunksVerified", equalTo(List.of(1)));
    }

    @Test
    void shouldRefuseAChunkWhoseChecksumDoesNotMatchAndNotStageIt() {
        begin(volume, 1, null, 2);
        byte[] chunk = delta(0, 4096);

        putChunk(volume, 1, "0", chunk, checksum(new byte[] {1, 2, 3})).statusCode(422)
                .body("reason", equalTo("CHECKSUM_MISMATCH"))
                .body("field", equalTo(CHECKSUM))
                .body("error", containsString("chunk 0 of volume " + volume + " snapshot 1"));

        status(volume, 1).body("chunksVerified", empty());
    }

    @Test
    void shouldRefuseAChunkWithoutAChecksum() {
        begin(volume, 1, null, 1);

        given().contentType(ContentType.BINARY).body(delta(0, 4096))
                .put("/transfers/{v}/{n}/chunks/0", volume, 1)
                .then().statusCode(400).body("field", equalTo(CHECKSUM));
    }

    @Test
    void shouldRefuseAChunkReachingPastTheEndOfTheVolume() {
        begin(volume, 1, null, 1);
        byte[] chunk = delta(VOLUME_BYTES - 4096, 8192);

        putChunk(volume, 1, "0", chunk, checksum(chunk)).statusCode(400)
                .body("field", equalTo("body"))
                .body("error", containsString("past the end of the volume at " + VOLUME_BYTES));

        status(volume, 1).body("chunksVerified", empty());
    }

    @Test
    void shouldRefuseAChunkIndexOutsideTheTransfer() {
        begin(volume, 1, null, 2);
        byte[] chunk = delta(0, 4096);

        putChunk(volume, 1, "2", chunk, checksum(chunk)).statusCode(400)
                .body("field", equalTo("k")).body("error", containsString("must lie in [0, 2)"));
        putChunk(volume, 1, "-1", chunk, checksum(chunk)).statusCode(400).body("field", equalTo("k"));
        putChunk(volume, 1, "first", chunk, checksum(chunk)).statusCode(400).body("field", equalTo("k"));
    }

    @Test
    void shouldAnswerNotFoundForATransferNeverBegun() {
        byte[] chunk = delta(0, 4096);

        status(volume, 1).statusCode(404).body("reason", equalTo("UNKNOWN_TRANSFER"))
                .body("error", containsString("no transfer of volume " + volume + " snapshot 1"));
        putChunk(volume, 1, "0", chunk, checksum(chunk)).statusCode(404);
        commit(volume, 1, digest()).statusCode(404);
    }

    @Test
    void shouldRefuseInvalidIdsNamingTheField() {
        status("Not_An_Id", 1).statusCode(400).body("field", equalTo("volumeId"));
        given().urlEncodingEnabled(false).get("/transfers/..%2F..%2Fetc/1").then().statusCode(400)
                .body("field", equalTo("volumeId")).body("error", containsString("'../../etc'"));
        given().get("/transfers/{v}/{n}", volume, "latest").then().statusCode(400).body("field", equalTo("snapshot"));
        status(volume, 0).statusCode(400).body("field", equalTo("snapshot"));
        given().contentType(ContentType.JSON)
                .body(Map.of("sourceSite", "Falken/berg", "volumeBytes", VOLUME_BYTES, "blockSize", BLOCK_SIZE,
                        "chunkCount", 1, "bytesTotal", 10, "snapshotTakenAt", "2025-01-01T00:00:00Z"))
                .post("/transfers/{v}/{n}", volume, 1)
                .then().statusCode(400).body("field", equalTo("sourceSite"));
    }

    @Test
    void shouldRefuseADeltaWhoseBaseTheReplicaDoesNotHold() {
        begin(volume, 4, 3L, 1).statusCode(409)
                .body("reason", equalTo("BASE_MISMATCH"))
                .body("error", containsString("snapshot 3"))
                .body("error", containsString("consistent at no snapshot"));
    }

    @Test
    void shouldRefuseADeltaForAVolumeOfAnotherSize() {
        store.createVolume(volume, 2 * VOLUME_BYTES, BLOCK_SIZE, VolumeRole.REPLICA);

        begin(volume, 1, null, 1).statusCode(409).body("reason", equalTo("VOLUME_MISMATCH"));
    }

    @Test
    void shouldRefuseADeltaForAPrimaryVolume() {
        store.createVolume(volume, VOLUME_BYTES, BLOCK_SIZE, VolumeRole.PRIMARY);

        begin(volume, 1, null, 1).statusCode(409).body("reason", equalTo("NOT_A_REPLICA"));
    }

    @Test
    void shouldRefuseToCommitWhileChunksAreMissing() {
        begin(volume, 1, null, 3);
        byte[] chunk = delta(0, 4096);
        putChunk(volume, 1, "1", chunk, checksum(chunk));

        commit(volume, 1, digest(chunk)).statusCode(409)
                .body("reason", equalTo("MISSING_CHUNKS"))
                .body("error", containsString("chunks [0, 2] of 3"));
    }

    @Test
    void shouldApplyACommittedDeltaAndTreatItAsAppliedAfterwards() {
        byte[] first = delta(0, 4096);
        byte[] second = delta(VOLUME_BYTES - 8192, 8192);
        try (TopicReader applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED)) {
            begin(volume, 1, null, 2);
            putChunk(volume, 1, "0", first, checksum(first));
            putChunk(volume, 1, "1", second, checksum(second));

            commit(volume, 1, digest(first, second)).statusCode(200)
                    .body("state", equalTo("applied"))
                    .body("appliedBytes", equalTo(4096 + 8192))
                    .body("shippedBytes", equalTo(first.length + second.length));

            ReplicaApplied event = applied.awaitEvent(ReplicaApplied.class, a -> a.volumeId().equals(volume));
            assertThat(event.site()).isEqualTo("stockholm");
            assertThat(event.sourceSite()).isEqualTo("falkenberg");
            assertThat(event.shippedBytes()).isEqualTo(first.length + second.length);
        }
        VolumeInfo replica = store.volume(volume);
        assertThat(replica.consistentSnapshot()).isEqualTo(1L);
        assertThat(replica.frozen()).isFalse();
        assertThat(store.readSnapshot(volume, 1, 0, 4096)).isEqualTo(pattern(0, 4096));
        assertThat(store.readSnapshot(volume, 1, VOLUME_BYTES - 8192, 8192))
                .isEqualTo(pattern(VOLUME_BYTES - 8192, 8192));

        status(volume, 1).statusCode(200).body("state", equalTo("applied"));
        begin(volume, 1, null, 2).statusCode(200).body("status", equalTo("already-applied"));
        commit(volume, 1, digest(first, second)).statusCode(200)
                .body("state", equalTo("already-applied"));
        begin(volume, 2, 1L, 0).statusCode(200).body("status", equalTo("staging"));
    }

    @Test
    void shouldKeepTheNewestSnapshotsOfTheReplicaAndDeleteAHeldOneOnlyAfterItsRelease() {
        Map<Long, byte[]> images = new HashMap<>();
        for (long n = 1; n <= 4; n++) {
            images.put(n, applyBlock(n, images.getOrDefault(n - 1, new byte[(int) VOLUME_BYTES])));
        }
        assertThat(snapshots()).containsExactly(2L, 3L, 4L);

        store.hold(volume, 2, "test");
        images.put(5L, applyBlock(5, images.get(4L)));
        assertThat(snapshots()).as("the held one is kept").containsExactly(2L, 3L, 4L, 5L);
        store.release(volume, 2, "test");
        images.put(6L, applyBlock(6, images.get(5L)));

        assertThat(snapshots()).containsExactly(4L, 5L, 6L);
        assertThat(store.volume(volume).consistentSnapshot()).isEqualTo(6L);
        for (long n = 4; n <= 6; n++) {
            assertThat(store.readSnapshot(volume, n, 0, (int) VOLUME_BYTES)).as("snapshot %d", n)
                    .isEqualTo(images.get(n));
        }
        replicas.deleteSnapshot(volume, 2);
        assertThat(snapshots()).as("deleting one that is gone changes nothing").containsExactly(4L, 5L, 6L);
    }

    @Test
    void shouldDeleteNoSnapshotOfAReplicaPromotedToPrimary() {
        for (long n = 1; n <= 3; n++) {
            applyBlock(n, new byte[(int) VOLUME_BYTES]);
        }
        store.promote(volume);
        store.createSnapshot(volume);
        store.createSnapshot(volume);

        expiry.expire(volume);

        assertThat(snapshots()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void shouldInflateACompressedChunkBeforeWritingIt() {
        byte[] chunk = delta(0, CompressionTest.compressible((int) VOLUME_BYTES));
        byte[] compressed = Compression.compress(chunk).orElseThrow();
        begin(volume, 1, null, 1, chunk.length);

        putCompressed(volume, 1, "0", compressed, checksum(chunk)).statusCode(200)
                .body("bytes", equalTo(chunk.length));

        System.out.printf("compressible chunk: %d bytes sent as %d (ratio %.1f)%n", chunk.length, compressed.length,
                (double) chunk.length / compressed.length);
        commit(volume, 1, digest(chunk)).statusCode(200).body("appliedBytes", equalTo((int) VOLUME_BYTES));
        assertThat(store.readSnapshot(volume, 1, 0, (int) VOLUME_BYTES))
                .isEqualTo(CompressionTest.compressible((int) VOLUME_BYTES));
    }

    @Test
    void shouldRefuseAZstdBombAndStageNothing() {
        byte[] chunk = delta(0, 4096);
        begin(volume, 1, null, 1, chunk.length);
        byte[] bomb = Zstd.compress(new byte[16 << 20], 1);

        putCompressed(volume, 1, "0", bomb, checksum(chunk)).statusCode(400)
                .body("field", equalTo("body"))
                .body("error", containsString("inflates beyond " + chunk.length + " bytes"));
        status(volume, 1).body("chunksVerified", empty());
    }

    @Test
    void shouldRefuseACorruptZstdBodyAndStageNothing() {
        byte[] chunk = delta(0, 4096);
        begin(volume, 1, null, 1, chunk.length);
        byte[] corrupt = Zstd.compress(chunk, 1);
        corrupt[corrupt.length / 2] ^= 0x5a;
        corrupt[5] ^= 0x5a;

        putCompressed(volume, 1, "0", corrupt, checksum(chunk)).statusCode(400)
                .body("field", equalTo("body"))
                .body("error", containsString("not valid zstd"));
        status(volume, 1).body("chunksVerified", empty());
    }

    @Test
    void shouldRefuseAnUnknownContentEncodingNamingIt() {
        byte[] chunk = delta(0, 4096);
        begin(volume, 1, null, 1, chunk.length);

        given().contentType(ContentType.BINARY).header(CHECKSUM, checksum(chunk))
                .header("Content-Encoding", "br").body(chunk)
                .put("/transfers/{v}/{n}/chunks/{k}", volume, 1, "0").then().statusCode(400)
                .body("field", equalTo("Content-Encoding"));
        status(volume, 1).body("chunksVerified", empty());
    }

    @Test
    void shouldRefuseACommitWithoutADigestNamingTheField() {
        byte[] chunk = delta(0, 4096);
        begin(volume, 1, null, 1);
        putChunk(volume, 1, "0", chunk, checksum(chunk));

        given().contentType(ContentType.JSON).body(Map.of())
                .post("/transfers/{v}/{n}/commit", volume, 1).then().statusCode(400)
                .body("field", equalTo("digest"));
        commit(volume, 1, "abc").statusCode(400).body("field", equalTo("digest"));
        assertThat(store.volume(volume).consistentSnapshot()).isNull();
    }

    @Test
    void shouldApplyNothingAndDropTheChunksWhenTheDigestDoesNotMatch() {
        byte[] chunk = delta(0, 4096);
        begin(volume, 1, null, 1);
        putChunk(volume, 1, "0", chunk, checksum(chunk));

        commit(volume, 1, digest(delta(0, 8192))).statusCode(409)
                .body("reason", equalTo("DIGEST_MISMATCH"))
                .body("error", containsString("nothing was applied"));

        assertThat(store.volume(volume).consistentSnapshot()).isNull();
        status(volume, 1).body("chunksVerified", empty());
    }

    @Test
    void shouldForgetTheChunksOfADeltaWhoseBlocksAnotherDeltaUndid() {
        byte[] chunk = delta(0, 4096);
        begin(volume, 1, null, 2);
        putChunk(volume, 1, "0", chunk, checksum(chunk)).statusCode(200);

        begin(volume, 2, null, 1).statusCode(200).body("chunksVerified", empty());
        begin(volume, 1, null, 2).statusCode(200).body("chunksVerified", empty());

        assertThat(store.read(volume, 0, 4096)).isEqualTo(new byte[4096]);
    }

    @Test
    void shouldAcknowledgeAChunkSentAgainAndRefuseAnotherOneForTheSameIndexWithoutWritingIt() {
        byte[] chunk = delta(0, 4096);
        byte[] other = delta(8192, 4096);
        begin(volume, 1, null, 2);
        putChunk(volume, 1, "0", chunk, checksum(chunk)).statusCode(200);

        putChunk(volume, 1, "0", chunk, checksum(chunk)).statusCode(200).body("bytes", equalTo(chunk.length));
        putChunk(volume, 1, "0", other, checksum(other)).statusCode(409)
                .body("reason", equalTo("CHUNK_CONFLICT")).body("field", equalTo("k"));

        assertThat(store.verifyChanged(volume).checkedBytes()).isEqualTo(BLOCK_SIZE);
        putChunk(volume, 1, "1", delta(VOLUME_BYTES - 4096, 4096), checksum(delta(VOLUME_BYTES - 4096, 4096)));
        commit(volume, 1, digest(chunk, delta(VOLUME_BYTES - 4096, 4096))).statusCode(200);
        assertThat(store.readSnapshot(volume, 1, 8192, 4096)).isEqualTo(new byte[4096]);
    }

    @Test
    void shouldRefuseToCommitWhenABlockAChunkWroteNoLongerMatchesItsChecksumAndAcceptItSentAgain()
            throws IOException {
        byte[] first = delta(0, 4096);
        byte[] second = delta(4L * BLOCK_SIZE, 4096);
        begin(volume, 1, null, 2);
        putChunk(volume, 1, "1", second, checksum(second)).statusCode(200);
        putChunk(volume, 1, "0", first, checksum(first)).statusCode(200);

        FileDamage.flipByte(storeDataDir.resolve("volumes").resolve(volume).resolve("data"), 4L * BLOCK_SIZE + 100);

        commit(volume, 1, digest(first, second)).statusCode(409)
                .body("reason", equalTo("MISSING_CHUNKS"))
                .body("error", containsString("chunks [1] of 2 no longer match their checksums"));
        status(volume, 1).body("chunksVerified", equalTo(List.of(0)));
        assertThat(store.volume(volume).consistentSnapshot()).isNull();
        putChunk(volume, 1, "1", second, checksum(second)).statusCode(200);
        commit(volume, 1, digest(first, second)).statusCode(200);
        assertThat(store.readSnapshot(volume, 1, 4L * BLOCK_SIZE, 4096)).isEqualTo(pattern(4L * BLOCK_SIZE, 4096));
    }

    @Test
    void shouldListAndChangeTheBandwidthLimitOfATargetSite() {
        given().contentType(ContentType.JSON).body(Map.of("bytesPerSecond", 1 << 20))
                .put("/bandwidth/{site}", "gotland").then().statusCode(200)
                .body("site", equalTo("gotland"))
                .body("bytesPerSecond", equalTo(1 << 20));
        given().get("/bandwidth").then().statusCode(200)
                .body("find { it.site == 'gotland' }.bytesPerSecond", equalTo(1 << 20))
                .body("find { it.site == 'falkenberg' }.bytesPerSecond", nullValue());

        given().contentType(ContentType.JSON).body("{\"bytesPerSecond\": null}")
                .put("/bandwidth/{site}", "gotland").then().statusCode(200)
                .body("bytesPerSecond", nullValue());
    }

    @Test
    void shouldRefuseAnInvalidBandwidthLimitNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("bytesPerSecond", -1))
                .put("/bandwidth/{site}", "gotland").then().statusCode(400)
                .body("field", equalTo("bytesPerSecond"));
        given().contentType(ContentType.JSON).body(Map.of("bytesPerSecond", "fast"))
                .put("/bandwidth/{site}", "gotland").then().statusCode(400)
                .body("field", equalTo("bytesPerSecond"));
        given().contentType(ContentType.JSON).body(Map.of("bytesPerSecond", 1.5))
                .put("/bandwidth/{site}", "gotland").then().statusCode(400)
                .body("field", equalTo("bytesPerSecond"));
        given().contentType(ContentType.JSON).body(Map.of("bytesPerSecond", 1))
                .put("/bandwidth/{site}", "Not_A_Site").then().statusCode(400)
                .body("field", equalTo("site"));
    }

    /** Applies snapshot n to the replica: {@code before} with 4 KiB written into block n - 1; returns the image. */
    private byte[] applyBlock(long n, byte[] before) {
        long offset = (n - 1) * BLOCK_SIZE;
        byte[] chunk = delta(offset, 4096);
        begin(volume, n, n == 1 ? null : n - 1, 1).statusCode(200);
        putChunk(volume, n, "0", chunk, checksum(chunk)).statusCode(200);
        commit(volume, n, digest(chunk)).statusCode(200).body("state", equalTo("applied"));
        byte[] image = before.clone();
        System.arraycopy(pattern(offset, 4096), 0, image, (int) offset, 4096);
        return image;
    }

    private List<Long> snapshots() {
        return store.snapshots(volume).stream().map(SnapshotInfo::snapshot).toList();
    }

    private ValidatableResponse begin(String volumeId, long snapshot, Long base, int chunkCount) {
        return begin(volumeId, snapshot, base, chunkCount, 100);
    }

    private ValidatableResponse begin(String volumeId, long snapshot, Long base, int chunkCount, long bytesTotal) {
        return PeerRequests.begin(volumeId, snapshot, base, VOLUME_BYTES, BLOCK_SIZE, chunkCount, bytesTotal);
    }

    private static ValidatableResponse status(String volumeId, long snapshot) {
        return given().get("/transfers/{v}/{n}", volumeId, snapshot).then();
    }

    private static ValidatableResponse putChunk(String volumeId, long snapshot, String k, byte[] body,
            String checksum) {
        return given().contentType(ContentType.BINARY).header(CHECKSUM, checksum).body(body)
                .put("/transfers/{v}/{n}/chunks/{k}", volumeId, snapshot, k).then();
    }

    private static ValidatableResponse putCompressed(String volumeId, long snapshot, String k, byte[] body,
            String checksum) {
        return given().contentType(ContentType.BINARY).header(CHECKSUM, checksum).header("Content-Encoding", "zstd")
                .body(body).put("/transfers/{v}/{n}/chunks/{k}", volumeId, snapshot, k).then();
    }

    private static ValidatableResponse commit(String volumeId, long snapshot, String digest) {
        return given().contentType(ContentType.JSON).body(Map.of("digest", digest))
                .post("/transfers/{v}/{n}/commit", volumeId, snapshot).then();
    }
}
