package io.datamover.transfer.it;

import static io.datamover.transfer.it.PeerRequests.checksum;
import static io.datamover.transfer.it.PeerRequests.delta;
import static io.datamover.transfer.it.PeerRequests.digest;
import static io.datamover.transfer.it.PeerRequests.pattern;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.transfer.dataplane.DataPlaneClient;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.ChunkHeader;
import io.datamover.transfer.peer.ChunkReceipt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target end of the data plane, served by stockholm (this JVM) into its own block store. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TwoSites.class)
class DataPlaneIT {

    private static final long VOLUME_BYTES = 1024 * 1024;
    private static final int BLOCK_SIZE = 65536;

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private BlockStoreClient store;
    private String volume;

    @BeforeEach
    void setUp() {
        store = BlockStoreClient.of(storeUrl);
        volume = Volumes.newId("plane");
    }

    @Test
    void shouldReceiveTheChunksOfADeltaOneAfterTheOtherOnOneConnection() {
        DataPlaneClient plane = begin(2);
        byte[] first = delta(0, 8192);
        byte[] second = delta(BLOCK_SIZE, 4096);

        try (DataPlaneClient.Connection connection = plane.connect()) {
            ChunkReceipt one = connection.send(header(0, first), first);
            ChunkReceipt two = connection.send(header(1, second), second);

            assertThat(one.chunk()).isZero();
            assertThat(one.checksum()).isEqualTo(checksum(first));
            assertThat(two.bytes()).isEqualTo(second.length);
        }
        given().get("/transfers/{v}/{n}", volume, 1).then().body("chunksVerified", equalTo(List.of(0, 1)));
        commit(digest(first, second)).statusCode(200);
        assertThat(store.readSnapshot(volume, 1, 0, 8192)).isEqualTo(pattern(0, 8192));
        assertThat(store.readSnapshot(volume, 1, BLOCK_SIZE, 4096)).isEqualTo(pattern(BLOCK_SIZE, 4096));
    }

    @Test
    void shouldRefuseAChunkWhoseChecksumDoesNotMatchAndServeTheNextOnTheSameConnection() {
        DataPlaneClient plane = begin(1);
        byte[] chunk = delta(0, 4096);

        try (DataPlaneClient.Connection connection = plane.connect()) {
            ChunkHeader wrong = new ChunkHeader(volume, 1, 0, chunk.length, checksum(delta(4096, 4096)), null);
            assertThatThrownBy(() -> connection.send(wrong, chunk))
                    .isInstanceOfSatisfying(TransferException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
                        assertThat(e.field()).isEqualTo("X-Datamover-Checksum");
                    });
            given().get("/transfers/{v}/{n}", volume, 1).then().body("chunksVerified", empty());

            assertThat(connection.send(header(0, chunk), chunk).checksum()).isEqualTo(checksum(chunk));
        }
    }

    @Test
    void shouldReceiveAChunkWrittenFromAFileStraightToTheSocket(@TempDir Path dir) throws IOException {
        DataPlaneClient plane = begin(1);
        byte[] chunk = delta(2 * BLOCK_SIZE, 3 * BLOCK_SIZE);
        Path file = Files.write(dir.resolve("chunk"), chunk);

        try (DataPlaneClient.Connection connection = plane.connect();
                FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            ChunkReceipt receipt = connection.sendFrom(header(0, chunk), channel -> {
                long done = 0;
                while (done < chunk.length) {
                    done += source.transferTo(done, chunk.length - done, channel);
                }
            });

            assertThat(receipt.checksum()).isEqualTo(checksum(chunk));
        }
        commit(digest(chunk)).statusCode(200);
        assertThat(store.readSnapshot(volume, 1, 2 * BLOCK_SIZE, 3 * BLOCK_SIZE))
                .isEqualTo(pattern(2 * BLOCK_SIZE, 3 * BLOCK_SIZE));
    }

    @Test
    void shouldRefuseBadIdsAndUnknownTransfersNamingTheField() {
        DataPlaneClient plane = begin(1);
        byte[] chunk = delta(0, 4096);

        try (DataPlaneClient.Connection connection = plane.connect()) {
            assertThatThrownBy(() -> connection.send(new ChunkHeader("../etc", 1, 0, chunk.length, checksum(chunk),
                    null), chunk)).isInstanceOfSatisfying(TransferException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                        assertThat(e.field()).isEqualTo("volumeId");
                    });
            assertThatThrownBy(() -> connection.send(new ChunkHeader(volume, 7, 0, chunk.length, checksum(chunk),
                    null), chunk)).isInstanceOfSatisfying(TransferException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TRANSFER));
            assertThatThrownBy(() -> connection.send(new ChunkHeader(volume, 1, 5, chunk.length, checksum(chunk),
                    null), chunk)).isInstanceOfSatisfying(TransferException.class,
                            e -> assertThat(e.field()).isEqualTo("k"));
        }
        assertThat(store.findVolume("etc")).isEmpty();
        given().get("/transfers/{v}/{n}", volume, 1).then().body("chunksVerified", empty());
    }

    @Test
    void shouldAnswerAStreamThatIsNotADataPlaneStreamAndCloseIt() throws IOException {
        int port = begin(1).port();

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());

            assertThat(in.readInt()).isEqualTo(400);
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            assertThat(new String(body, StandardCharsets.UTF_8)).contains("not a data plane stream");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldRefuseAnOversizedHeaderNamingTheField() throws IOException {
        int port = begin(1).port();

        try (Socket socket = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(0x444d4331);
            out.writeInt(1 << 20);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());

            assertThat(in.readInt()).isEqualTo(400);
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"field\":\"header\"")
                    .contains("1048576 bytes");
        }
    }

    /** Begins a delta of {@code chunkCount} chunks into a new replica; the data plane the answer names. */
    private DataPlaneClient begin(int chunkCount) {
        Integer port = PeerRequests.begin(volume, 1, null, VOLUME_BYTES, BLOCK_SIZE, chunkCount, 100)
                .statusCode(200).extract().path("dataPort");
        assertThat(port).isNotNull().isPositive();
        return new DataPlaneClient("stockholm", "127.0.0.1", port, null, Duration.ofSeconds(30));
    }

    private ChunkHeader header(int k, byte[] chunk) {
        return new ChunkHeader(volume, 1, k, chunk.length, checksum(chunk), null);
    }

    private ValidatableResponse commit(String digest) {
        return given().contentType(ContentType.JSON).body(Map.of("digest", digest))
                .post("/transfers/{v}/{n}/commit", volume, 1).then();
    }
}
