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

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClonesAndHoldsApiTest extends ApiTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 32L * BLOCK;



    @Test
    void shouldCloneASnapshotIntoAWritableVolumeThatKeepsItsOriginsContent() {
        String source = primary();
        client.write(source, 0, sector(1));
        client.createSnapshot(source);
        client.write(source, 0, sector(9));
        String cloneId = newId();

        VolumeInfo clone = client.clone(source, 1, cloneId);
        client.write(cloneId, BLOCK, sector(7));

        assertThat(clone.id()).isEqualTo(cloneId);
        assertThat(clone.role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(clone.sizeBytes()).isEqualTo(SIZE);
        assertThat(client.volume(cloneId).origin()).isEqualTo(new VolumeInfo.Origin(source, 1));
        assertThat(client.read(cloneId, 0, SECTOR)).isEqualTo(sector(1));
        assertThat(client.read(cloneId, BLOCK, SECTOR)).isEqualTo(sector(7));
        assertThat(client.readSnapshot(source, 1, BLOCK, SECTOR)).isEqualTo(new byte[SECTOR]);
        assertThat(client.read(source, 0, SECTOR)).isEqualTo(sector(9));
        assertThat(client.snapshots(source)).singleElement()
                .satisfies(s -> assertThat(s.clones()).containsExactly(cloneId));
    }

    @Test
    void shouldCloneBitForBitByDigest() {
        String source = primary();
        client.write(source, 5 * BLOCK - SECTOR, concat(sector(4), sector(5)));
        client.createSnapshot(source);
        String cloneId = newId();

        client.clone(source, 1, cloneId);
        long cloneSnapshot = client.createSnapshot(cloneId).snapshot();

        assertThat(client.digest(cloneId, cloneSnapshot).digest()).isEqualTo(client.digest(source, 1).digest());
    }

    @Test
    void shouldRefuseToDeleteAHeldOrClonedSnapshotNamingWhoNeedsIt() {
        String id = primary();
        client.write(id, 0, sector(1));
        client.createSnapshot(id);
        client.write(id, 0, sector(2));
        client.createSnapshot(id);
        String cloneId = newId();
        client.clone(id, 1, cloneId);
        client.hold(id, 2, "transfer-falkenberg");

        given().delete("/volumes/" + id + "/snapshots/1")
                .then().statusCode(409)
                .body("field", equalTo("snapshot"))
                .body("error", containsString(cloneId));
        given().delete("/volumes/" + id + "/snapshots/2")
                .then().statusCode(409)
                .body("error", containsString("transfer-falkenberg"));

        List<SnapshotInfo> snapshots = client.snapshots(id);
        assertThat(snapshots).extracting(SnapshotInfo::snapshot).containsExactly(1L, 2L);
        assertThat(snapshots.get(1).holds()).containsExactly("transfer-falkenberg");
        assertThat(client.readSnapshot(id, 1, 0, SECTOR)).isEqualTo(sector(1));
        assertThat(client.readSnapshot(id, 2, 0, SECTOR)).isEqualTo(sector(2));
    }

    @Test
    void shouldDeleteASnapshotOnceItsHoldIsReleased() {
        String id = primary();
        client.createSnapshot(id);
        given().post("/volumes/" + id + "/snapshots/1/holds/transfer-falkenberg").then().statusCode(204);

        given().delete("/volumes/" + id + "/snapshots/1/holds/transfer-falkenberg").then().statusCode(204);
        given().delete("/volumes/" + id + "/snapshots/1").then().statusCode(204);

        assertThat(client.snapshots(id)).isEmpty();
    }

    @Test
    void shouldAnswer404ForAnUnknownSnapshotInDeleteCloneHoldReadAndDigest() {
        String id = primary();
        client.createSnapshot(id);

        given().delete("/volumes/" + id + "/snapshots/7").then().statusCode(404).body("field", equalTo("snapshot"));
        given().contentType(ContentType.JSON).body("{\"id\":\"" + newId() + "\"}")
                .post("/volumes/" + id + "/snapshots/7/clones").then().statusCode(404)
                .body("error", containsString("snapshot 7"));
        given().post("/volumes/" + id + "/snapshots/7/holds/someone").then().statusCode(404);
        given().get("/volumes/" + id + "/snapshots/7/data?offset=0&length=1").then().statusCode(404);
        given().get("/volumes/" + id + "/snapshots/7/digest").then().statusCode(404);

        assertThat(client.snapshots(id)).extracting(SnapshotInfo::snapshot).containsExactly(1L);
        assertThat(client.snapshots(id).get(0).holds()).isEmpty();
    }

    @Test
    void shouldRejectABadCloneOrHolderNamingTheField() {
        String id = primary();
        client.createSnapshot(id);
        long volumes = client.volumes().size();

        given().contentType(ContentType.JSON).body("{\"id\":\"Not_Valid\"}")
                .post("/volumes/" + id + "/snapshots/1/clones").then().statusCode(400).body("field", equalTo("id"));
        given().contentType(ContentType.JSON).body("{}")
                .post("/volumes/" + id + "/snapshots/1/clones").then().statusCode(400).body("field", equalTo("id"));
        given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\"}")
                .post("/volumes/" + id + "/snapshots/1/clones").then().statusCode(409);
        given().post("/volumes/" + id + "/snapshots/1/holds/Bad_Holder").then().statusCode(400)
                .body("field", equalTo("holder"));

        assertThat(client.volumes()).hasSize((int) volumes);
        assertThat(client.snapshots(id).get(0).holds()).isEmpty();
    }

    @Test
    void shouldRejectAWritePastTheEndOrAtANegativeOffsetLeavingTheVolumeUnchanged() {
        String id = primary();
        client.write(id, SIZE - SECTOR, sector(5));

        assertThatThrownBy(() -> client.write(id, SIZE - SECTOR, concat(sector(6), sector(6))))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> client.write(id, -SECTOR, sector(6)))
                .isInstanceOfSatisfying(BlockStoreException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("offset");
                });

        assertThat(client.read(id, SIZE - SECTOR, SECTOR)).isEqualTo(sector(5));
        assertThat(client.read(id, 0, SECTOR)).isEqualTo(new byte[SECTOR]);
    }

    private String primary() {
        String id = newId();
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        return id;
    }

}
