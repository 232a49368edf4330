package io.datamover.transfer.it;

import static io.restassured.RestAssured.given;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.ChunkSums;
import io.datamover.transfer.domain.DeltaDigest;
import io.datamover.transfer.domain.TransferException;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** What a source sends to the peer API of the service under test: begins, chunks, their checksums and digests. */
final class PeerRequests {

    private PeerRequests() {
    }

    /** Begins a delta from site falkenberg. */
    static ValidatableResponse begin(String volumeId, long snapshot, Long base, long volumeBytes, int blockSize,
            int chunkCount, long bytesTotal) {
        Map<String, Object> body = new HashMap<>(Map.of("sourceSite", "falkenberg",
                "volumeBytes", volumeBytes, "blockSize", blockSize, "chunkCount", chunkCount,
                "bytesTotal", bytesTotal, "snapshotTakenAt", "2025-01-01T00:00:00Z"));
        if (base != null) {
            body.put("baseSnapshot", base);
        }
        return given().contentType(ContentType.JSON).body(body)
                .post("/transfers/{v}/{n}", volumeId, snapshot).then();
    }

    /** The delta digest of chunks given in chunk order. */
    static String digest(byte[]... chunks) {
        return DeltaDigest.of(Arrays.stream(chunks).map(chunk -> ChunkSums.of(chunk).digest()).toList());
    }

    /**
     * The checksum a source sends with a chunk; for a malformed chunk, which no source sends, the CRC32C of its bytes:
     * the target refuses it before it compares checksums.
     */
    static String checksum(byte[] chunk) {
        try {
            return ChunkSums.of(chunk).checksum();
        } catch (TransferException e) {
            return Checksums.crc32c(chunk);
        }
    }

    /** One record of {@code length} bytes at {@code offset}, its content derived from the offset. */
    static byte[] delta(long offset, int length) {
        return delta(offset, pattern(offset, length));
    }

    static byte[] delta(long offset, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DeltaFormat.Writer writer = DeltaFormat.writer(out);
            writer.write(offset, data);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] pattern(long offset, int length) {
        byte[] data = new byte[length];
        new Random(offset).nextBytes(data);
        return data;
    }
}
