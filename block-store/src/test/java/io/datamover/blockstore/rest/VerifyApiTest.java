package io.datamover.blockstore.rest;

import static io.datamover.runtime.FileDamage.flipByte;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeRole;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VerifyApiTest extends ApiTest {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 16L * BLOCK;

    @ConfigProperty(name = "datamover.data-dir")
    Path dataDir;

    private String id;

    @BeforeEach
    void createVolume() {
        id = "verify-" + UUID.randomUUID().toString().substring(0, 8);
        client.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        byte[] content = new byte[2 * BLOCK];
        new Random(3).nextBytes(content);
        client.write(id, 4L * BLOCK, content);
    }

    @Test
    void shouldVerifyASnapshotAndAnswerWithTheDigestOfItsContent() {
        client.createSnapshot(id);

        Verification verification = client.verify(id, 1);

        assertThat(verification.intact()).isTrue();
        assertThat(verification.volumeId()).isEqualTo(id);
        assertThat(verification.snapshot()).isEqualTo(1L);
        assertThat(verification.checkedBytes()).isEqualTo(SIZE);
        assertThat(verification.digest()).isEqualTo(client.digest(id, 1).digest());
        assertThat(client.verifyLive(id).digest()).isEqualTo(verification.digest());
    }

    @Test
    void shouldNameTheCorruptBlockAndRefuseADigestOfCorruptContent() throws IOException {
        client.createSnapshot(id);
        flipByte(dataDir.resolve("volumes").resolve(id).resolve("data"), 5L * BLOCK + 4096 * 2 + 1);

        given().get(url + "volumes/{id}/verify", id).then().statusCode(200)
                .body("intact", equalTo(false))
                .body("corruptBlockCount", equalTo(1))
                .body("corruptBlocks[0].block", equalTo(5))
                .body("corruptBlocks[0].offset", equalTo(5 * BLOCK))
                .body("corruptBlocks[0].sectors", equalTo(1))
                .body("corruptBlocks[0].file", equalTo("volumes/" + id + "/data"));
        given().get(url + "volumes/{id}/snapshots/1/digest", id).then().statusCode(500)
                .body("error", containsString("corrupt blocks"))
                .body("error", containsString("offset " + 5 * BLOCK));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownSnapshotOrVolume() {
        given().get(url + "volumes/{id}/snapshots/7/verify", id).then().statusCode(404)
                .body("field", equalTo("snapshot"));
        given().get(url + "volumes/no-such-volume/verify").then().statusCode(404);
        given().get(url + "volumes/{id}/snapshots/x/verify", id).then().statusCode(400)
                .body("field", equalTo("snapshot"));
    }

    @Test
    void shouldDeleteAVolumeOnlyWhenNoCloneNeedsIt() {
        client.createSnapshot(id);
        String clone = id + "-clone";
        client.clone(id, 1, clone);

        given().delete(url + "volumes/{id}", id).then().statusCode(409).body("field", equalTo("id"))
                .body("error", containsString("cloned by volume " + clone));
        given().delete(url + "volumes/{id}", clone).then().statusCode(204);
        given().delete(url + "volumes/{id}", id).then().statusCode(204);

        given().get(url + "volumes/{id}", id).then().statusCode(404);
        given().delete(url + "volumes/{id}", id).then().statusCode(404);
        given().delete(url + "volumes/Not_An_Id").then().statusCode(400).body("field", equalTo("id"));
    }
}
