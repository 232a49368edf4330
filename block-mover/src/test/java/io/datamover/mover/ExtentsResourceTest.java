package io.datamover.mover;

import static io.datamover.mover.SnapshotFileResource.SNAPSHOT;
import static io.datamover.mover.SnapshotFileResource.TOKEN;
import static io.datamover.mover.SnapshotFileResource.VOLUME;
import static io.datamover.mover.SnapshotFileResource.VOLUME_BYTES;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mover on a real file of random bytes, read through the HTTP API as the transfer-service reads it. */
@QuarkusTest
@WithTestResource(SnapshotFileResource.class)
class ExtentsResourceTest {

    private static final String EXTENTS = "/volumes/{volumeId}/snapshots/{n}/extents";
    private static final int SECTOR = DeltaFormat.SECTOR_SIZE;

    Path device;

    @TestHTTPResource("/")
    URL url;

    @Test
    void shouldAnswerExtentsBitForBitFramedInTheOrderGiven() throws IOException {
        byte[] content = Files.readAllBytes(device);
        List<Extent> extents = List.of(new Extent(VOLUME_BYTES - 2L * SECTOR, 2 * SECTOR), new Extent(0, SECTOR),
                new Extent(5L * SECTOR, 1024 * 1024));

        byte[] framed = authorized().contentType(ContentType.JSON).body(json(extents))
                .post(EXTENTS, VOLUME, SNAPSHOT)
                .then().statusCode(200).contentType("application/octet-stream")
                .extract().asByteArray();

        List<DeltaFormat.Record> records = records(framed);
        assertThat(records).extracting(DeltaFormat.Record::offset)
                .containsExactly(VOLUME_BYTES - 2L * SECTOR, 0L, 5L * SECTOR);
        for (int i = 0; i < extents.size(); i++) {
            Extent extent = extents.get(i);
            assertThat(records.get(i).bytes()).as("extent %s", extent).isEqualTo(Arrays.copyOfRange(content,
                    (int) extent.offset(), (int) extent.end()));
        }
        assertThat(framed).hasSize(3 * DeltaFormat.HEADER_LENGTH + 3 * SECTOR + 1024 * 1024);
    }

    @Test
    void shouldServeTheBlockStoreClientThatSendsTheToken() throws IOException {
        byte[] content = Files.readAllBytes(device);
        BlockStoreClient client = BlockStoreClient.of(url.toString()).withBearerToken(TOKEN);

        byte[] framed = client.readExtents(VOLUME, SNAPSHOT, List.of(new Extent(0, VOLUME_BYTES)));

        assertThat(records(framed)).singleElement().satisfies(record -> {
            assertThat(record.offset()).isZero();
            assertThat(record.bytes()).isEqualTo(content);
        });
    }

    @Test
    void shouldRefuseARequestWithoutTheToken() {
        given().contentType(ContentType.JSON).body("[]").post(EXTENTS, VOLUME, SNAPSHOT)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("field", equalTo("Authorization"));
        given().header("Authorization", "Bearer " + TOKEN + "x").contentType(ContentType.JSON).body("[]")
                .post(EXTENTS, VOLUME, SNAPSHOT)
                .then().statusCode(401).body("error", containsString("not this mover's"));
        given().header("Authorization", "Basic " + TOKEN).contentType(ContentType.JSON).body("[]")
                .post(EXTENTS, VOLUME, SNAPSHOT)
                .then().statusCode(401);
    }

    @Test
    void shouldAnswerHealthWithoutTheToken() {
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldAnswer404ForAnotherVolumeOrSnapshot() {
        authorized().contentType(ContentType.JSON).body("[]").post(EXTENTS, "pv-other", SNAPSHOT)
                .then().statusCode(404).body("field", equalTo("volumeId"));
        authorized().contentType(ContentType.JSON).body("[]").post(EXTENTS, VOLUME, SNAPSHOT + 1)
                .then().statusCode(404).body("field", equalTo("snapshot"));
    }

    @Test
    void shouldAnswer400NamingTheField() {
        refused(VOLUME, "[{\"offset\": 0, \"length\": 4096}]", "volumeId", "PV_1");
        refused(VOLUME, "[{\"offset\": 0, \"length\": 4096}]", "snapshot", "x");
        refused("[0].offset", json(List.of(new Extent(512, SECTOR))));
        refused("[1].length", json(List.of(new Extent(0, SECTOR), new Extent(SECTOR, 100))));
        refused("[0].length", json(List.of(new Extent(VOLUME_BYTES - SECTOR, 2 * SECTOR))));
        refused("[1]", json(List.of(new Extent(4L * SECTOR, 2 * SECTOR), new Extent(5L * SECTOR, SECTOR))));
        refused("[0].offset", "[{\"offset\": -4096, \"length\": 4096}]");
        refused("body", "{\"offset\": 0}");
        List<Extent> tooMuch = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            tooMuch.add(new Extent(0, VOLUME_BYTES));
        }
        refused("body", json(tooMuch));
    }

    private static void refused(String field, String body) {
        authorized().contentType(ContentType.JSON).body(body).post(EXTENTS, VOLUME, SNAPSHOT)
                .then().statusCode(400).body("field", equalTo(field));
    }

    private static void refused(String volume, String body, String field, String badSegment) {
        Object volumeId = field.equals("volumeId") ? badSegment : volume;
        Object n = field.equals("snapshot") ? badSegment : SNAPSHOT;
        authorized().urlEncodingEnabled(true).contentType(ContentType.JSON).body(body).post(EXTENTS, volumeId, n)
                .then().statusCode(400).body("field", equalTo(field));
    }

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    private static String json(List<Extent> extents) {
        StringBuilder json = new StringBuilder("[");
        for (Extent extent : extents) {
            json.append(json.length() > 1 ? "," : "").append("{\"offset\":").append(extent.offset())
                    .append(",\"length\":").append(extent.length()).append('}');
        }
        return json.append(']').toString();
    }

    private static List<DeltaFormat.Record> records(byte[] framed) throws IOException {
        DeltaFormat.Reader reader = DeltaFormat.reader(new ByteArrayInputStream(framed));
        List<DeltaFormat.Record> records = new ArrayList<>();
        for (Optional<DeltaFormat.Record> record = reader.next(); record.isPresent(); record = reader.next()) {
            records.add(record.get());
        }
        return records;
    }
}
