package io.datamover.blockstore.rest;

import static io.datamover.blockstore.rest.ApiTestData.concat;
import static io.datamover.blockstore.rest.ApiTestData.newId;
import static io.datamover.blockstore.rest.ApiTestData.sector;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.ChangeSummary;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** {@code POST /volumes/{id}/rejoin}: a primary lost in a failover becomes a replica at the snapshot both sites hold. */
@QuarkusTest
class RejoinApiTest extends ApiTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 32L * BLOCK;



    @Test
    void shouldRejoinAsAReplicaAtTheSnapshotAndAnswerWhatItDiscarded() {
        String id = volumeWithDivergedHistory();

        given().contentType(ContentType.JSON).body("{\"snapshot\": 1}").post("/volumes/{id}/rejoin", id)
                .then().statusCode(200)
                .body("volume.id", equalTo(id))
                .body("volume.role", equalTo("replica"))
                .body("volume.consistentSnapshot", equalTo(1))
                .body("volume.latestSnapshot", equalTo(1))
                .body("volume.frozen", equalTo(false))
                .body("divergedBytes", equalTo(2 * BLOCK))
                .body("discardedSnapshots", equalTo(List.of(2)))
                .body("changeMethod", equalTo("cbt"));

        assertThat(client.read(id, 0, 4 * BLOCK)).isEqualTo(concat(sector(1), new byte[3 * BLOCK]));
        assertThat(client.snapshots(id)).extracting(SnapshotInfo::snapshot).containsExactly(1L);
    }

    @Test
    void shouldAnswerAReplicaAsItIs() {
        String id = volumeWithDivergedHistory();

        RejoinResult rejoined = client.rejoin(id, 1);
        RejoinResult again = client.rejoin(id, 1);

        assertThat(rejoined.volume().role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(rejoined.divergedBytes()).isEqualTo(2L * BLOCK);
        assertThat(rejoined.discardedSnapshots()).containsExactly(2L);
        assertThat(again).isEqualTo(new RejoinResult(rejoined.volume(), 0, List.of(), "cbt"));
        assertRefused(() -> client.write(id, 0, sector(4)), 409, "id");
    }

    @Test
    void shouldRefuseAMissingOrInvalidSnapshotNamingItAndAnUnknownVolume() {
        String id = volumeWithDivergedHistory();

        for (String body : List.of("", "{}", "{\"snapshot\": null}", "{\"snapshot\": \"one\"}", "{\"snapshot\": 0}")) {
            given().contentType(ContentType.JSON).body(body).post("/volumes/{id}/rejoin", id)
                    .then().statusCode(400).body("field", equalTo("snapshot"));
        }
        assertRefused(() -> client.rejoin(id, 5), 404, "snapshot");
        assertRefused(() -> client.rejoin(newId(), 1), 404, "id");
        assertThat(client.volume(id).role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(client.volume(id).frozen()).isFalse();
    }

    @Test
    void shouldRefuseWhileACloneReadsASnapshotAfterItNamingTheClone() {
        String id = volumeWithDivergedHistory();
        String clone = newId();
        client.clone(id, 2, clone);

        given().contentType(ContentType.JSON).body("{\"snapshot\": 1}").post("/volumes/{id}/rejoin", id)
                .then().statusCode(409).body("field", equalTo("snapshot")).body("error", containsString(clone));

        VolumeInfo volume = client.volume(id);
        assertThat(volume.role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(volume.frozen()).isFalse();
        assertThat(volume.latestSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldCountTheBlocksChangedOnEitherSideOnceTheNewPrimarysSnapshotIsApplied() throws IOException {
        String id = volumeWithDivergedHistory();
        client.rejoin(id, 1);
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(delta);
        writer.write(5L * BLOCK, sector(5));
        writer.write(BLOCK, sector(6));
        writer.flush();
        client.freeze(id, "receiving snapshot 2");
        client.apply(id, 1L, 2, () -> new ByteArrayInputStream(delta.toByteArray()));

        ChangeSummary changes = client.changes(id, 1, 2);

        assertThat(changes).as("blocks 1 and 3 diverged here, blocks 1 and 5 changed at the new primary")
                .isEqualTo(new ChangeSummary(id, 1, 2, 3, 3L * BLOCK, "cbt"));
        given().get("/volumes/{id}/snapshots/2/changes", id).then().statusCode(400).body("field", equalTo("base"));
        given().get("/volumes/{id}/snapshots/2/changes?base=2", id).then().statusCode(400)
                .body("field", equalTo("base"));
        assertRefused(() -> client.changes(id, 1, 3), 404, "target");
    }

    /** A primary with snapshot 1, snapshot 2 held by a transfer, and a write since: two blocks diverged from 1. */
    private String volumeWithDivergedHistory() {
        String id = newId();
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        client.write(id, 0, sector(1));
        client.createSnapshot(id);
        client.write(id, BLOCK, sector(2));
        client.createSnapshot(id);
        client.hold(id, 2, "transfer.falkenberg");
        client.write(id, 3L * BLOCK, sector(3));
        return id;
    }

    private void assertRefused(ThrowingCallable call, int status, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BlockStoreException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
