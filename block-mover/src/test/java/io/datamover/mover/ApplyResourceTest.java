package io.datamover.mover;

import static io.datamover.mover.ReplicaFileResource.BASE;
import static io.datamover.mover.SnapshotFileResource.SNAPSHOT;
import static io.datamover.mover.SnapshotFileResource.TOKEN;
import static io.datamover.mover.SnapshotFileResource.VOLUME;
import static io.datamover.mover.SnapshotFileResource.VOLUME_BYTES;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The mover in replica mode on a real file of random bytes, written through the block store's apply API as the
 * transfer-service writes a delta into a csi replica. The seal is the last test: the device no longer changes after
 * it.
 */
@QuarkusTest
@WithTestResource(ReplicaFileResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyResourceTest {

    private static final String PARTS = "/volumes/{volumeId}/apply/{n}/parts";
    private static final int SECTOR = DeltaFormat.SECTOR_SIZE;
    private static final int MIB = 1024 * 1024;

    Path device;

    @TestHTTPResource("/")
    URL url;

    private BlockStoreClient replica;

    @BeforeEach
    void client() {
        replica = BlockStoreClient.of(url.toString()).withBearerToken(TOKEN);
    }

    @Test
    @Order(1)
    void shouldWritePartsAtTheirOffsetsBitForBitAndReadThemBack() throws Exception {
        VolumeInfo begun = replica.beginApply(VOLUME, BASE, SNAPSHOT);
        assertThat(begun.frozen()).isTrue();
        assertThat(begun.consistentSnapshot()).isEqualTo(BASE);
        byte[] before = Files.readAllBytes(device);
        byte[] first = random(3 * SECTOR, 1);
        byte[] second = random(256 * 1024, 2);
        byte[] third = random(SECTOR, 3);
        long lastSector = VOLUME_BYTES - SECTOR;

        CompletableFuture<Long> one = CompletableFuture.supplyAsync(() -> replica.applyPart(VOLUME, BASE, SNAPSHOT,
                part(new long[] {SECTOR, lastSector}, first, third)).appliedBytes());
        CompletableFuture<Long> two = CompletableFuture.supplyAsync(() -> replica.applyPart(VOLUME, BASE, SNAPSHOT,
                part(new long[] {MIB}, second)).appliedBytes());

        assertThat(one.get()).isEqualTo(first.length + third.length);
        assertThat(two.get()).isEqualTo(second.length);
        byte[] expected = before.clone();
        System.arraycopy(first, 0, expected, SECTOR, first.length);
        System.arraycopy(second, 0, expected, MIB, second.length);
        System.arraycopy(third, 0, expected, (int) lastSector, third.length);
        assertThat(Files.readAllBytes(device)).isEqualTo(expected);
        Verification check = replica.verifyChanged(VOLUME);
        assertThat(check.intact()).isTrue();
        assertThat(check.checkedBytes()).isEqualTo(first.length + second.length + third.length);
    }

    @Test
    @Order(2)
    void shouldFindASectorThatNoLongerReadsAsWrittenAndForgetWhatWasWrittenBeforeABegin() throws IOException {
        replica.beginApply(VOLUME, BASE, SNAPSHOT);
        replica.applyPart(VOLUME, BASE, SNAPSHOT, part(new long[] {2 * MIB}, random(4 * SECTOR, 4)));
        long damaged = 2L * MIB + 2 * SECTOR;
        try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "rw")) {
            file.seek(damaged + 100);
            int b = file.read();
            file.seek(damaged + 100);
            file.write(b ^ 0xff);
        }

        Verification check = replica.verifyChanged(VOLUME);

        assertThat(check.intact()).isFalse();
        assertThat(check.checkedBytes()).isEqualTo(4 * SECTOR);
        assertThat(check.corruptBlockCount()).isEqualTo(1);
        assertThat(check.corruptBlocks()).singleElement().satisfies(block -> {
            assertThat(block.offset()).isEqualTo(damaged);
            assertThat(block.file()).isEqualTo(device.toString());
        });
        replica.beginApply(VOLUME, BASE, SNAPSHOT);
        assertThat(replica.verifyChanged(VOLUME).checkedBytes()).isZero();
    }

    @Test
    @Order(3)
    void shouldRefuseABadPartNamingTheFieldAndLeaveTheDeviceUntouched() throws IOException {
        byte[] before = Files.readAllBytes(device);
        byte[] good = random(SECTOR, 5);

        refused(PARTS, VOLUME, SNAPSHOT, BASE, part(new long[] {0, VOLUME_BYTES}, good, good), 400, "body",
                "beyond the volume");
        refused(PARTS, VOLUME, SNAPSHOT, BASE, part(new long[] {0, 512}, good, good), 400, "body", "whole sectors");
        refused(PARTS, VOLUME, SNAPSHOT, BASE, Arrays.copyOf(part(new long[] {0}, good), 100), 400, "body",
                "truncated");
        refused(PARTS, "PV_1", SNAPSHOT, BASE, part(new long[] {0}, good), 400, "volumeId", "");
        refused(PARTS, VOLUME, "x", BASE, part(new long[] {0}, good), 400, "snapshot", "");
        refused(PARTS, VOLUME, SNAPSHOT, "y", part(new long[] {0}, good), 400, "base", "");
        refused(PARTS, "pv-other", SNAPSHOT, BASE, part(new long[] {0}, good), 404, "volumeId", "");
        refused(PARTS, VOLUME, SNAPSHOT + 1, BASE, part(new long[] {0}, good), 404, "snapshot", "");
        refused(PARTS, VOLUME, SNAPSHOT, BASE - 1, part(new long[] {0}, good), 409, "base", "from base " + BASE);
        authorized().queryParam("changed", "false").get("/volumes/{volumeId}/verify", VOLUME)
                .then().statusCode(400).body("field", equalTo("changed"));
        given().header("Authorization", "Bearer " + TOKEN + "x").contentType("application/octet-stream")
                .queryParam("base", BASE).body(part(new long[] {0}, good)).post(PARTS, VOLUME, SNAPSHOT)
                .then().statusCode(401).body("field", equalTo("Authorization"));
        given().contentType("application/octet-stream").queryParam("base", BASE).body(part(new long[] {0}, good))
                .post(PARTS, VOLUME, SNAPSHOT).then().statusCode(401);

        assertThat(Files.readAllBytes(device)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void shouldServeNoReadsInReplicaMode() {
        authorized().contentType("application/json").body("[{\"offset\":0,\"length\":4096}]")
                .post("/volumes/{volumeId}/snapshots/{n}/extents", VOLUME, SNAPSHOT)
                .then().statusCode(409).body("error", containsString("serves no reads"));
    }

    @Test
    @Order(5)
    void shouldSealAndThenChangeTheDeviceNoMore() throws IOException {
        VolumeInfo sealed = replica.sealApply(VOLUME, SNAPSHOT, true);
        byte[] after = Files.readAllBytes(device);

        assertThat(sealed.consistentSnapshot()).isEqualTo(SNAPSHOT);
        assertThat(sealed.frozen()).isFalse();
        assertThat(replica.applyPart(VOLUME, BASE, SNAPSHOT, part(new long[] {0}, random(SECTOR, 6))).appliedBytes())
                .isZero();
        assertThat(replica.sealApply(VOLUME, SNAPSHOT, true).consistentSnapshot()).isEqualTo(SNAPSHOT);
        assertThat(Files.readAllBytes(device)).isEqualTo(after);
        assertThatThrownBy(() -> BlockStoreClient.of(url.toString()).sealApply(VOLUME, SNAPSHOT))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    private static void refused(String path, String volume, Object n, Object base, byte[] body, int status,
            String field, String message) {
        authorized().urlEncodingEnabled(true).contentType("application/octet-stream").queryParam("base", base)
                .body(body).post(path, volume, n)
                .then().statusCode(status).body("field", equalTo(field)).body("error", containsString(message));
    }

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Records of the data at the offsets, in {@link DeltaFormat}; offsets need not be valid. */
    private static byte[] part(long[] offsets, byte[]... data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < offsets.length; i++) {
            ByteBuffer header = ByteBuffer.allocate(DeltaFormat.HEADER_LENGTH);
            header.putLong(offsets[i]).putInt(data[i].length);
            out.writeBytes(header.array());
            out.writeBytes(data[i]);
        }
        return out.toByteArray();
    }
}
