package io.datamover.transfer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.DeltaCheck;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.Receipt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {

    @TempDir
    Path dataDir;

    private StagingArea staging() {
        return new StagingArea(dataDir);
    }

    private static Manifest manifest(long snapshot, int chunkCount) {
        return new Manifest("vol-a", snapshot, "stockholm", snapshot > 1 ? snapshot - 1 : null, 1 << 20, 4096,
                chunkCount, 100, Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void shouldKeepTheManifestAcrossInstances() {
        staging().begin(manifest(3, 2));

        assertThat(staging().manifest("vol-a", 3)).contains(manifest(3, 2));
        assertThat(Files.exists(dataDir.resolve("staging/vol-a/3/manifest.json"))).isTrue();
        assertThat(staging().manifest("vol-a", 4)).isEmpty();
    }

    @Test
    void shouldCountAChunkVerifiedOnceItsReceiptIsRecorded() throws IOException {
        Manifest manifest = manifest(1, 3);
        staging().begin(manifest);

        record(manifest, 2, "two");
        record(manifest, 0, "zero");

        assertThat(staging().verifiedChunks(manifest)).containsExactly(0, 2);
        assertThat(staging().receipts(manifest).get(2).bodyBytes()).isEqualTo(3);
        assertThat(staging().receipts(manifest).get(2).digest()).isEqualTo(sha256(bytes("two")));
        try (Stream<Path> files = Files.list(dataDir.resolve("staging/vol-a/1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void shouldCountAnUnreadableReceiptAsNone() throws IOException {
        Manifest manifest = manifest(1, 2);
        staging().begin(manifest);
        record(manifest, 0, "zero");
        record(manifest, 1, "one");

        Files.writeString(dataDir.resolve("staging/vol-a/1/chunk-1"), "");

        assertThat(staging().verifiedChunks(manifest)).containsExactly(0);
    }

    @Test
    void shouldForgetTheGivenChunksAndKeepTheOthers() {
        Manifest manifest = manifest(1, 3);
        staging().begin(manifest);
        record(manifest, 0, "zero");
        record(manifest, 1, "one");
        record(manifest, 2, "two");

        staging().forgetChunks(manifest, List.of(0, 2));

        assertThat(staging().verifiedChunks(manifest)).containsExactly(1);
        assertThat(staging().manifest("vol-a", 1)).contains(manifest);
    }

    @Test
    void shouldListCommittedDeltasOnly() {
        Manifest committed = manifest(2, 1);
        staging().begin(manifest(1, 1));
        staging().begin(committed);
        staging().markCommitted(committed);

        assertThat(staging().committed()).containsExactly(committed);
        assertThat(staging().isCommitted(manifest(1, 1))).isFalse();
        assertThat(staging().stagedSnapshots("vol-a")).containsExactly(1L, 2L);
    }

    @Test
    void shouldDiscardEarlierChunksWhenADeltaIsBegunAgain() {
        Manifest manifest = manifest(1, 2);
        staging().begin(manifest);
        record(manifest, 0, "zero");

        staging().begin(manifest);

        assertThat(staging().verifiedChunks(manifest)).isEmpty();
    }

    @Test
    void shouldDeleteTheDirectoryOnDiscard() {
        Manifest manifest = manifest(1, 1);
        staging().begin(manifest);
        record(manifest, 0, "zero");
        staging().markCommitted(manifest);

        staging().discard("vol-a", 1);

        assertThat(dataDir.resolve("staging/vol-a/1")).doesNotExist();
        assertThat(staging().committed()).isEmpty();
    }

    @Test
    void shouldRefuseIdsThatCouldLeaveTheStagingDirectory() {
        assertThatThrownBy(() -> staging().manifest("../etc", 1)).hasMessageContaining("field 'volumeId'");
    }

    private void record(Manifest manifest, int k, String body) {
        byte[] bytes = bytes(body);
        staging().recordChunk(manifest, new Receipt(k, Checksums.crc32c(bytes),
                HexFormat.of().formatHex(sha256(bytes)), bytes.length, bytes.length,
                new DeltaCheck.Coverage(0, 0, 0)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
