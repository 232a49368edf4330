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
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.Extent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The switchover's calls: freeze with the final group snapshot, promote, demote. */
@QuarkusTest
class SwitchoverApiTest extends ApiTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 32L * BLOCK;



    @Test
    void shouldFreezeTheVolumesWithTheirSnapshotsAndSnapshotThemAgainWhenAskedAgain() {
        String first = volume(VolumeRole.PRIMARY);
        String second = volume(VolumeRole.PRIMARY);
        client.write(first, 0, sector(1));

        List<SnapshotInfo> taken = client.freezeAndSnapshot(List.of(first, second), "switchover to falkenberg");
        List<SnapshotInfo> again = client.freezeAndSnapshot(List.of(first, second), "switchover to falkenberg");

        assertThat(taken).extracting(SnapshotInfo::snapshot).containsExactly(1L, 1L);
        assertThat(again).extracting(SnapshotInfo::snapshot).containsExactly(2L, 2L);
        assertThat(client.volume(first).frozen()).isTrue();
        assertThat(client.volume(second).frozenReason()).isEqualTo("switchover to falkenberg");
        assertRefused(() -> client.write(first, 0, sector(2)), 409, "id");
        assertThat(client.readSnapshot(first, 2, 0, BLOCK)).isEqualTo(sector(1));
    }

    @Test
    void shouldAnswerCreatedWithTheSnapshotsOfTheFrozenVolumes() {
        String id = volume(VolumeRole.PRIMARY);

        given().contentType(ContentType.JSON).body("{\"volumeIds\": [\"" + id + "\"], \"freezeReason\": \"switchover\"}")
                .post("/snapshots")
                .then().statusCode(201)
                .body("volumeId", equalTo(List.of(id)))
                .body("snapshot", equalTo(List.of(1)));
        assertThat(client.volume(id).frozenReason()).isEqualTo("switchover");
    }

    @Test
    void shouldRefuseAReplicaOrABlankReasonNamingTheFieldAndFreezeNothing() {
        String primary = volume(VolumeRole.PRIMARY);
        String replica = volume(VolumeRole.REPLICA);

        assertRefused(() -> client.freezeAndSnapshot(List.of(primary, replica), "switchover"), 409, "volumeIds");
        given().contentType(ContentType.JSON).body("{\"volumeIds\": [\"" + primary + "\"], \"freezeReason\": \" \"}")
                .post("/snapshots")
                .then().statusCode(400).body("field", equalTo("freezeReason"));

        assertThat(client.volume(primary).frozen()).isFalse();
        assertThat(client.snapshots(primary)).isEmpty();
    }

    @Test
    void shouldPromoteAReplicaToAWritablePrimaryAtItsConsistentSnapshotOnceAndForAll() {
        String source = volume(VolumeRole.PRIMARY);
        String replica = volume(VolumeRole.REPLICA);
        client.write(source, BLOCK, sector(1));
        client.createSnapshot(source);
        client.freeze(replica, "receiving");
        client.beginApply(replica, null, 1);
        client.applyPart(replica, null, 1, client.readExtents(source, 1, List.of(new Extent(0, 2L * BLOCK))));
        client.sealApply(replica, 1);

        VolumeInfo promoted = client.promote(replica);

        assertThat(promoted.role()).isEqualTo(VolumeRole.PRIMARY);
        assertThat(promoted.frozen()).isFalse();
        assertThat(promoted.latestSnapshot()).isEqualTo(1L);
        assertThat(promoted.consistentSnapshot()).isNull();
        assertThat(client.promote(replica)).isEqualTo(promoted);
        client.write(replica, 0, sector(2));
        assertThat(client.createSnapshot(replica).snapshot()).isEqualTo(2L);
        assertThat(client.readSnapshot(replica, 2, 0, 2 * BLOCK)).isEqualTo(ApiTestData.concat(sector(2), sector(1)));
    }

    @Test
    void shouldRefuseToPromoteAReplicaWithoutAConsistentSnapshotOrAnUnknownVolume() {
        String replica = volume(VolumeRole.REPLICA);

        assertThatThrownBy(() -> client.promote(replica)).isInstanceOfSatisfying(BlockStoreException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.field()).isEqualTo("id");
            assertThat(e.getMessage()).contains(replica, "no consistent snapshot");
        });
        assertRefused(() -> client.promote(newId()), 404, "id");
        assertThat(client.volume(replica).role()).isEqualTo(VolumeRole.REPLICA);
    }

    @Test
    void shouldDemoteAFrozenPrimaryToAReplicaConsistentAtItsFinalSnapshotOnceAndForAll() {
        String id = volume(VolumeRole.PRIMARY);
        client.write(id, 0, sector(3));
        client.createSnapshot(id);
        client.freezeAndSnapshot(List.of(id), "switchover to falkenberg");

        VolumeInfo demoted = client.demote(id);

        assertThat(demoted.role()).isEqualTo(VolumeRole.REPLICA);
        assertThat(demoted.consistentSnapshot()).isEqualTo(2L);
        assertThat(demoted.frozen()).isFalse();
        assertThat(client.demote(id)).isEqualTo(demoted);
        assertRefused(() -> client.write(id, 0, sector(4)), 409, "id");
        assertThat(client.read(id, 0, BLOCK)).isEqualTo(sector(3));
    }

    @Test
    void shouldRefuseToDemoteAWritablePrimaryOneWrittenSinceItsSnapshotOrOneWithoutAny() {
        String writable = volume(VolumeRole.PRIMARY);
        String written = volume(VolumeRole.PRIMARY);
        client.createSnapshot(written);
        client.write(written, 0, sector(5));
        client.freeze(written, "switchover");
        String unsnapshotted = volume(VolumeRole.PRIMARY);
        client.freeze(unsnapshotted, "switchover");

        given().post("/volumes/{id}/demote", writable)
                .then().statusCode(409).body("field", equalTo("id")).body("error", containsString("writable"));
        given().post("/volumes/{id}/demote", written)
                .then().statusCode(409).body("error", containsString("written since its latest snapshot 1"));
        given().post("/volumes/{id}/demote", unsnapshotted)
                .then().statusCode(409).body("error", containsString("no snapshot"));
        assertRefused(() -> client.demote(newId()), 404, "id");
        assertThat(List.of(writable, written, unsnapshotted)).allSatisfy(id ->
                assertThat(client.volume(id).role()).isEqualTo(VolumeRole.PRIMARY));
    }

    private void assertRefused(ThrowingCallable call, int status, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BlockStoreException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private String volume(VolumeRole role) {
        String id = newId();
        client.createVolume(id, SIZE, BLOCK, role);
        return id;
    }
}
