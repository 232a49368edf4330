package io.datamover.blockstore.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Extent;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExtentsApiTest extends ApiTest {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 16L * BLOCK;

    private String id;

    @BeforeEach
    void createVolume() {
        id = "extents-" + UUID.randomUUID().toString().substring(0, 8);
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        byte[] content = new byte[(int) SIZE];
        new Random(5).nextBytes(content);
        client.write(id, 0, content);
        client.createSnapshot(id);
        client.write(id, 0, new byte[(int) SIZE]);
    }

    @Test
    void shouldFrameTheExtentsOfASnapshotAsADeltaInTheOrderGiven() throws IOException {
        List<Extent> extents = List.of(new Extent(9L * BLOCK, 2L * BLOCK), new Extent(BLOCK, 4096));

        byte[] framed = client.readExtents(id, 1, extents);

        DeltaFormat.Reader reader = DeltaFormat.reader(new ByteArrayInputStream(framed));
        for (Extent extent : extents) {
            DeltaFormat.Record record = reader.next().orElseThrow();
            assertThat(record.offset()).isEqualTo(extent.offset());
            assertThat(record.bytes()).isEqualTo(client.readSnapshot(id, 1, extent.offset(), (int) extent.length()));
        }
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void shouldRefuseExtentsOutsideTheVolumeOrTooManyBytesNamingTheField() {
        given().contentType("application/json").body(List.of(Map.of("offset", SIZE - 4096, "length", 8192)))
                .post(url + "volumes/{id}/snapshots/1/extents", id)
                .then().statusCode(400).body("field", equalTo("length"));
        given().contentType("application/json").body(List.of(Map.of("offset", 0, "length", SIZE),
                        Map.of("offset", 0, "length", 64L * 1024 * 1024)))
                .post(url + "volumes/{id}/snapshots/1/extents", id)
                .then().statusCode(400).body("field", equalTo("body"))
                .body("error", containsString("more than the"));
        given().contentType("application/json").body(List.of(Map.of("offset", -4096, "length", 4096)))
                .post(url + "volumes/{id}/snapshots/1/extents", id)
                .then().statusCode(400).body("field", equalTo("[0].offset"))
                .body("error", equalTo("field '[0].offset' must not be negative, was -4096"));
        given().contentType("application/json").body(List.of(Map.of("offset", 0, "length", 4096)))
                .post(url + "volumes/{id}/snapshots/7/extents", id)
                .then().statusCode(404);
    }
}
