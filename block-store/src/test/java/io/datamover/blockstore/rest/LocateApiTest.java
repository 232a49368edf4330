package io.datamover.blockstore.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.datamover.blockstore.api.ExtentLocations;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Extent;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LocateApiTest extends ApiTest {

    private static final int SECTOR = ApiTestData.SECTOR;
    private static final int BLOCK = 4 * SECTOR;
    private static final long SIZE = 16L * BLOCK;

    private String id;

    /** Blocks 0..7 written, snapshot 1, block 2 overwritten: snapshot 1 reads it from its copy-on-write file. */
    @BeforeEach
    void createVolume() {
        id = ApiTestData.newId();
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        byte[] content = new byte[8 * BLOCK];
        new Random(7).nextBytes(content);
        client.write(id, 0, content);
        client.createSnapshot(id);
        client.write(id, 2L * BLOCK, ApiTestData.sector(3));
    }

    @Test
    void shouldAnswerTheFilesSegmentsAndSumsOfTheExtentsAsJson() {
        List<Map<String, Long>> extents = List.of(extent(BLOCK + SECTOR, 2L * BLOCK), extent(12L * BLOCK, SECTOR));

        String sums = given().contentType("application/json").body(extents)
                .post(url + "volumes/{id}/snapshots/1/locate", id)
                .then().statusCode(200)
                .body("files", hasSize(2))
                .body("files[0]", containsString("/volumes/" + id + "/data"))
                .body("files[1]", containsString("/volumes/" + id + "/snap-1.cow"))
                .body("segments", hasSize(4))
                .body("segments[0].file", equalTo(0))
                .body("segments[0].fileOffset", equalTo(BLOCK + SECTOR))
                .body("segments[0].volumeOffset", equalTo(BLOCK + SECTOR))
                .body("segments[0].length", equalTo(3 * SECTOR))
                .body("segments[1].file", equalTo(1))
                .body("segments[1].length", equalTo(BLOCK))
                .body("segments[2].file", equalTo(0))
                .body("segments[2].length", equalTo(SECTOR))
                .body("segments[3].volumeOffset", equalTo(12 * BLOCK))
                .extract().path("sums");

        byte[] decoded = Base64.getDecoder().decode(sums);
        assertThat(decoded).hasSize((2 * BLOCK + SECTOR) / SECTOR * Integer.BYTES);
        ExtentLocations located = client.locate(id, 1, List.of(new Extent(BLOCK + SECTOR, 2L * BLOCK),
                new Extent(12L * BLOCK, SECTOR)));
        assertThat(located.sums()).isEqualTo(decoded);
        byte[] read = client.readSnapshot(id, 1, BLOCK + SECTOR, 2 * BLOCK);
        assertThat(located.firstMismatch(0, ByteBuffer.wrap(read))).isEqualTo(-1);
        assertThat(located.firstMismatch(located.sectorCount() - 1, ByteBuffer.wrap(new byte[SECTOR])))
                .as("block 12 was never written").isEqualTo(-1);
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownVolumeOrSnapshot() {
        given().contentType("application/json").body(List.of(extent(0, SECTOR)))
                .post(url + "volumes/{id}/snapshots/1/locate", "missing-" + id)
                .then().statusCode(404).body("field", equalTo("id"));
        given().contentType("application/json").body(List.of(extent(0, SECTOR)))
                .post(url + "volumes/{id}/snapshots/7/locate", id)
                .then().statusCode(404).body("field", equalTo("snapshot"));
    }

    @Test
    void shouldRefuseExtentsOutsideTheVolumeMisalignedOrNegativeNamingTheFieldAndChangeNothing() {
        List<Extent> valid = List.of(new Extent(0, SIZE));
        ExtentLocations before = client.locate(id, 1, valid);
        List<SnapshotInfo> snapshots = client.snapshots(id);

        refused(List.of(extent(SIZE - SECTOR, 2L * SECTOR)), "length");
        refused(List.of(extent(SIZE + SECTOR, SECTOR)), "offset");
        refused(List.of(extent(0, SECTOR), extent(SECTOR + 512, SECTOR)), "offset");
        refused(List.of(extent(SECTOR, SECTOR + 512)), "length");
        refused(List.of(extent(-SECTOR, SECTOR)), "[0].offset");
        refused(List.of(extent(0, SECTOR), extent(SECTOR, 0)), "[1].length");
        refused(List.of(extent(0, SIZE), extent(0, 64L * 1024 * 1024)), "body");
        given().contentType("application/json").body("null")
                .post(url + "volumes/{id}/snapshots/1/locate", id)
                .then().statusCode(400).body("field", equalTo("body"));

        assertThat(client.locate(id, 1, valid)).isEqualTo(before);
        assertThat(client.snapshots(id)).isEqualTo(snapshots);
    }

    private void refused(List<Map<String, Long>> extents, String field) {
        given().contentType("application/json").body(extents)
                .post(url + "volumes/{id}/snapshots/1/locate", id)
                .then().statusCode(400).body("field", equalTo(field));
    }

    private static Map<String, Long> extent(long offset, long length) {
        return Map.of("offset", offset, "length", length);
    }
}
