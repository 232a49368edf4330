package io.datamover.blockstore.rest;

import static io.datamover.blockstore.rest.ApiTestData.newId;
import static io.datamover.blockstore.rest.ApiTestData.sector;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GroupSnapshotApiTest extends ApiTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 32L * BLOCK;

    private String first;
    private String second;

    @BeforeEach
    void createVolumes() {
        first = primary();
        second = primary();
    }

    @Test
    void shouldSnapshotEveryVolumeAndAnswerWithEachNewSnapshot() {
        client.write(first, 0, sector(1));
        client.createSnapshot(second);
        client.write(second, 0, sector(2));

        List<SnapshotInfo> taken = client.createSnapshots(List.of(second, first));

        assertThat(taken).extracting(SnapshotInfo::volumeId).containsExactly(second, first);
        assertThat(taken).extracting(SnapshotInfo::snapshot).containsExactly(2L, 1L);
        assertThat(client.readSnapshot(first, 1, 0, BLOCK)).isEqualTo(sector(1));
        assertThat(client.readSnapshot(second, 2, 0, BLOCK)).isEqualTo(sector(2));
        assertThat(client.snapshots(second)).extracting(SnapshotInfo::snapshot).containsExactly(1L, 2L);
    }

    @Test
    void shouldAnswerCreatedWithTheSnapshots() {
        given().contentType(ContentType.JSON).body("{\"volumeIds\": [\"" + first + "\", \"" + second + "\"]}")
                .post("/snapshots")
                .then().statusCode(201)
                .body("volumeId", equalTo(List.of(first, second)))
                .body("snapshot", equalTo(List.of(1, 1)));
    }

    @Test
    void shouldRefuseBadListsNamingTheFieldAndTakeNoSnapshot() {
        String replica = newId();
        client.createVolume(replica, SIZE, BLOCK, VolumeRole.REPLICA);
        String frozen = primary();
        client.freeze(frozen, "switchover");
        client.createSnapshot(first);
        Map<String, List<SnapshotInfo>> before = snapshotsOf(first, second, frozen);

        assertRefused(List.of(), 400);
        assertRefused(List.of(first, second, first), 400);
        assertRefused(List.of(first, second, "Not_An_Id"), 400);
        assertRefused(List.of(first, second, newId()), 404);
        assertRefused(List.of(first, second, replica), 409);
        assertRefused(List.of(first, second, frozen), 409);

        assertThat(snapshotsOf(first, second, frozen)).isEqualTo(before);
        assertThat(client.snapshots(replica)).isEmpty();
    }

    @Test
    void shouldRefuseARequestWithoutVolumeIds() {
        given().contentType(ContentType.JSON).body("{}").post("/snapshots")
                .then().statusCode(400).body("field", equalTo("volumeIds"));
        given().contentType(ContentType.JSON).body("{\"volumeIds\": \"" + first + "\"}").post("/snapshots")
                .then().statusCode(400).body("field", equalTo("volumeIds"));
        given().contentType(ContentType.JSON).body("").post("/snapshots")
                .then().statusCode(400).body("error", containsString("volumeIds"));

        assertThat(client.snapshots(first)).isEmpty();
    }

    private void assertRefused(List<String> volumeIds, int status) {
        assertThatThrownBy(() -> client.createSnapshots(volumeIds))
                .as("a group snapshot of %s", volumeIds)
                .isInstanceOfSatisfying(BlockStoreException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.field()).isEqualTo("volumeIds");
                });
    }

    private Map<String, List<SnapshotInfo>> snapshotsOf(String... ids) {
        return List.of(ids).stream().collect(Collectors.toMap(Function.identity(), client::snapshots));
    }

    private String primary() {
        String id = newId();
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        return id;
    }
}
