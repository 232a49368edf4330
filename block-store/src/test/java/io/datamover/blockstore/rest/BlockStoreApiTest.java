package io.datamover.blockstore.rest;

import static io.datamover.blockstore.rest.ApiTestData.SECTOR;
import static io.datamover.blockstore.rest.ApiTestData.concat;
import static io.datamover.blockstore.rest.ApiTestData.newId;
import static io.datamover.blockstore.rest.ApiTestData.sector;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class BlockStoreApiTest extends ApiTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 32L * BLOCK;



    @Test
    void shouldCreateAVolumeWithTheDefaultBlockSize() {
        String id = newId();

        given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\",\"sizeBytes\":1048576}")
                .post("/volumes")
                .then().statusCode(201)
                .body("id", equalTo(id))
                .body("blockSize", equalTo(65536))
                .body("role", equalTo("primary"))
                .body("frozen", equalTo(false));
        assertThat(client.volumes()).extracting(VolumeInfo::id).contains(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"..\",\"sizeBytes\":65536}                          | id",
        "{\"id\":\"A_B\",\"sizeBytes\":65536}                         | id",
        "{\"sizeBytes\":65536}                                        | id",
        "{\"id\":\"ok\"}                                              | sizeBytes",
        "{\"id\":\"ok\",\"sizeBytes\":65537}                          | sizeBytes",
        "{\"id\":\"ok\",\"sizeBytes\":-65536}                         | sizeBytes",
        "{\"id\":\"ok\",\"sizeBytes\":65536,\"blockSize\":1000}       | blockSize",
        "{\"id\":\"ok\",\"sizeBytes\":65536,\"role\":\"boss\"}        | role",
        "{\"id\":\"ok\",\"sizeBytes\":\"big\"}                        | sizeBytes",
    })
    void shouldRejectAnInvalidVolumeNamingTheField(String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .post("/volumes")
                .then().statusCode(400)
                .body("field", equalTo(field))
                .body("error", containsString(field));
    }

    @Test
    void shouldRejectABadIdInThePathNamingIt() {
        given().get("/volumes/A_B").then().statusCode(400).body("field", equalTo("id"));
    }

    @Test
    void shouldAnswer404NamingAnUnknownVolume() {
        given().get("/volumes/no-such-volume")
                .then().statusCode(404).body("field", equalTo("id")).body("error", containsString("no-such-volume"));
        given().post("/volumes/no-such-volume/snapshots").then().statusCode(404);
        assertThat(client.findVolume("no-such-volume")).isEmpty();
    }

    @Test
    void shouldRefuseADuplicateVolume() {
        String id = primary();

        assertThatThrownBy(() -> client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldRejectANegativeOffsetNamingIt() {
        String id = primary();

        given().contentType(ContentType.BINARY).body(sector(1)).queryParam("offset", -SECTOR)
                .put("/volumes/" + id + "/data")
                .then().statusCode(400).body("field", equalTo("offset"));
        given().queryParam("offset", -1).queryParam("length", 1).get("/volumes/" + id + "/data")
                .then().statusCode(400).body("field", equalTo("offset"));
    }

    @Test
    void shouldRejectAWritePastTheEndOfTheVolume() {
        String id = primary();

        given().contentType(ContentType.BINARY).body(new byte[2 * SECTOR]).queryParam("offset", SIZE - SECTOR)
                .put("/volumes/" + id + "/data")
                .then().statusCode(400).body("field", equalTo("length")).body("error", containsString("past the end"));
    }

    @Test
    void shouldRejectAWriteAtAnOffsetInsideASectorNamingTheOffsetAndChangeNothing() {
        String id = primary();
        client.write(id, 0, concat(sector(1), sector(2)));

        given().contentType(ContentType.BINARY).body(sector(3)).queryParam("offset", 100)
                .put("/volumes/" + id + "/data")
                .then().statusCode(400).body("field", equalTo("offset")).body("error", containsString("sector size"));

        assertThat(client.read(id, 0, 3 * SECTOR)).isEqualTo(concat(sector(1), sector(2), new byte[SECTOR]));
    }

    @Test
    void shouldRejectAWriteOfPartOfASectorNamingTheLengthAndChangeNothing() {
        String id = primary();
        client.write(id, 0, sector(1));

        given().contentType(ContentType.BINARY).body(Arrays.copyOf(sector(3), 100)).queryParam("offset", 0)
                .put("/volumes/" + id + "/data")
                .then().statusCode(400).body("field", equalTo("length")).body("error", containsString("sector size"));

        assertThat(client.read(id, 0, SECTOR)).isEqualTo(sector(1));
        assertThat(client.read(id, SECTOR, SECTOR)).isEqualTo(new byte[SECTOR]);
    }

    @Test
    void shouldRejectAMissingOrMalformedParameterNamingIt() {
        String id = primary();

        given().get("/volumes/" + id + "/data?offset=0").then().statusCode(400).body("field", equalTo("length"));
        given().get("/volumes/" + id + "/data?offset=x&length=1")
                .then().statusCode(400).body("field", equalTo("offset"));
        given().get("/volumes/" + id + "/data?offset=0&length=67108865")
                .then().statusCode(400).body("field", equalTo("length"));
        given().get("/volumes/" + id + "/snapshots/zero/digest")
                .then().statusCode(400).body("field", equalTo("snapshot"));
    }

    @Test
    void shouldServeSnapshotsAsTakenWhileTheVolumeChanges() {
        String id = primary();
        byte[] original = concat(sector(1), sector(2), sector(3));
        client.write(id, SECTOR, original);
        SnapshotInfo first = client.createSnapshot(id);
        client.write(id, 2 * SECTOR, sector(9));
        SnapshotInfo second = client.createSnapshot(id);

        byte[] changed = concat(sector(1), sector(9), sector(3));
        assertThat(first.snapshot()).isEqualTo(1);
        assertThat(second.snapshot()).isEqualTo(2);
        assertThat(client.readSnapshot(id, 1, SECTOR, 3 * SECTOR)).isEqualTo(original);
        assertThat(client.readSnapshot(id, 2, SECTOR, 3 * SECTOR)).isEqualTo(changed);
        assertThat(client.read(id, SECTOR, 3 * SECTOR)).isEqualTo(changed);
        assertThat(client.read(id, 2 * SECTOR - 1, 2)).containsExactly(changed[SECTOR - 1], changed[SECTOR]);
        assertThat(client.digest(id, 1).digest()).isNotEqualTo(client.digest(id, 2).digest()).hasSize(64);
        assertThat(client.volume(id).latestSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldKeepOtherSnapshotsReadableAfterADelete() {
        String id = primary();
        client.write(id, 0, sector(1));
        client.createSnapshot(id);
        client.write(id, 0, sector(2));
        client.createSnapshot(id);
        client.write(id, 0, sector(3));

        client.deleteSnapshot(id, 2);

        assertThat(client.snapshots(id)).extracting(SnapshotInfo::snapshot).containsExactly(1L);
        assertThat(client.readSnapshot(id, 1, 0, SECTOR)).isEqualTo(sector(1));
        assertThatThrownBy(() -> client.readSnapshot(id, 2, 0, 1))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.field()).isEqualTo("snapshot");
                });
    }

    @Test
    void shouldRefuseWritesToAFrozenVolumeUntilThawed() {
        String id = primary();

        VolumeInfo frozen = client.freeze(id, "switchover");

        assertThat(frozen.frozen()).isTrue();
        assertThat(frozen.frozenReason()).isEqualTo("switchover");
        assertThatThrownBy(() -> client.write(id, 0, sector(1)))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("frozen");
        assertThat(client.read(id, 0, SECTOR)).isEqualTo(new byte[SECTOR]);
        assertThat(client.thaw(id).frozen()).isFalse();
        client.write(id, 0, sector(4));
        assertThat(client.read(id, 0, SECTOR)).isEqualTo(sector(4));
        given().contentType(ContentType.JSON).body("{}").post("/volumes/" + id + "/freeze")
                .then().statusCode(400).body("field", equalTo("reason"));
    }

    @Test
    void shouldApplyDeltasToAFrozenReplicaAndKeepItsSnapshotNumbers() throws IOException {
        String source = primary();
        String target = newId();
        client.createVolume(target, SIZE, BLOCK, VolumeRole.REPLICA);
        client.write(source, 5L * BLOCK, sector(7));
        client.createSnapshot(source);
        client.freeze(target, "initial copy");
        byte[] delta = delta(5L * BLOCK, client.readSnapshot(source, 1, 5L * BLOCK, BLOCK));

        ApplyResult full = client.apply(target, null, 1, () -> new ByteArrayInputStream(delta));
        ApplyResult again = client.apply(target, null, 1, () -> new ByteArrayInputStream(new byte[0]));

        assertThat(full.appliedBytes()).isEqualTo(BLOCK);
        assertThat(again.appliedBytes()).isZero();
        VolumeInfo replica = client.volume(target);
        assertThat(replica.consistentSnapshot()).isEqualTo(1L);
        assertThat(replica.role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(client.digest(target, 1).digest()).isEqualTo(client.digest(source, 1).digest());
        assertThatThrownBy(() -> client.write(target, 0, sector(1)))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldRejectATruncatedDeltaAndABaseMismatch() throws IOException {
        String target = newId();
        client.createVolume(target, SIZE, BLOCK, VolumeRole.REPLICA);
        client.freeze(target, "apply");
        byte[] delta = delta(0, new byte[BLOCK]);

        given().contentType(ContentType.BINARY).body(Arrays.copyOf(delta, delta.length - 1))
                .post("/volumes/" + target + "/apply?snapshot=1")
                .then().statusCode(400).body("field", equalTo("delta")).body("error", containsString("truncated"));
        given().contentType(ContentType.BINARY).body(delta)
                .post("/volumes/" + target + "/apply?snapshot=2&base=1")
                .then().statusCode(409).body("field", equalTo("base"));
        assertThat(client.volume(target).consistentSnapshot()).isNull();
    }

    @Test
    void shouldNameTheUrlWhenTheStoreIsUnreachable() {
        BlockStoreClient nowhere = BlockStoreClient.of("http://127.0.0.1:1");

        assertThatThrownBy(nowhere::volumes)
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.status()).isEqualTo(BlockStoreException.UNREACHABLE))
                .hasMessageContaining("http://127.0.0.1:1");
    }

    private String primary() {
        String id = newId();
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        return id;
    }

    private static byte[] delta(long offset, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        writer.write(offset, data);
        writer.flush();
        return out.toByteArray();
    }
}
