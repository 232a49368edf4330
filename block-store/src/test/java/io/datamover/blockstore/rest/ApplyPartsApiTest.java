package io.datamover.blockstore.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApplyPartsApiTest extends ApiTest {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 16L * BLOCK;

    private String primary;
    private String replica;

    @BeforeEach
    void createVolumes() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        primary = "parts-src-" + suffix;
        replica = "parts-dst-" + suffix;
        client.createVolume(primary, SIZE, BLOCK, VolumeRole.PRIMARY);
        client.createVolume(replica, SIZE, BLOCK, VolumeRole.REPLICA);
        client.freeze(replica, "receiving");
    }

    @Test
    void shouldSealPartsSentInAnyOrderIntoTheSnapshotOfTheSource() throws IOException {
        client.write(primary, 2L * BLOCK, random(BLOCK, 1));
        client.write(primary, 9L * BLOCK, random(2 * BLOCK, 2));
        client.createSnapshot(primary);

        client.beginApply(replica, null, 1);
        long applied = client.applyPart(replica, null, 1, part(9L * BLOCK, 2 * BLOCK)).appliedBytes()
                + client.applyPart(replica, null, 1, part(2L * BLOCK, BLOCK)).appliedBytes();
        assertThat(client.verifyChanged(replica).checkedBytes()).isEqualTo(3L * BLOCK);
        VolumeInfo sealed = client.sealApply(replica, 1);

        assertThat(applied).isEqualTo(3L * BLOCK);
        assertThat(sealed.consistentSnapshot()).isEqualTo(1L);
        assertThat(sealed.frozen()).as("sealed without thaw=true").isTrue();
        assertThat(client.digest(replica, 1).digest()).isEqualTo(client.digest(primary, 1).digest());
    }

    @Test
    void shouldThawInTheSealWhenAskedAndOnASecondSealOfTheSameSnapshot() throws IOException {
        client.write(primary, 4L * BLOCK, random(BLOCK, 5));
        client.createSnapshot(primary);
        client.beginApply(replica, null, 1);
        client.applyPart(replica, null, 1, part(4L * BLOCK, BLOCK));

        VolumeInfo sealed = client.sealApply(replica, 1, true);
        client.freeze(replica, "a seal repeated after a crash finds it frozen");
        VolumeInfo again = client.sealApply(replica, 1, true);

        assertThat(sealed.consistentSnapshot()).isEqualTo(1L);
        assertThat(sealed.frozen()).isFalse();
        assertThat(again.consistentSnapshot()).isEqualTo(1L);
        assertThat(again.frozen()).isFalse();
        assertThat(client.volume(replica).frozen()).isFalse();
        assertThat(client.digest(replica, 1).digest()).isEqualTo(client.digest(primary, 1).digest());
        given().post(url + "volumes/{id}/apply/1/seal?thaw=maybe", replica)
                .then().statusCode(400).body("field", equalTo("thaw"));
    }

    @Test
    void shouldRefuseAPartWithARecordOutsideTheVolumeNamingTheDelta() throws IOException {
        client.write(primary, 0, random(BLOCK, 3));
        client.createSnapshot(primary);
        client.beginApply(replica, null, 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(body);
        writer.write(SIZE, random(BLOCK, 4));
        writer.flush();

        given().contentType("application/octet-stream").body(body.toByteArray())
                .post(url + "volumes/{id}/apply/1/parts", replica)
                .then().statusCode(400).body("field", equalTo("delta"));
        assertThat(client.verifyChanged(replica).checkedBytes()).isZero();
    }

    @Test
    void shouldNameTheFieldOfAnInvalidSnapshotBaseOrFlag() {
        given().post(url + "volumes/{id}/apply/zero/begin", replica)
                .then().statusCode(400).body("field", equalTo("snapshot"));
        given().post(url + "volumes/{id}/apply/2/parts?base=x", replica)
                .then().statusCode(400).body("field", equalTo("base"));
        given().get(url + "volumes/{id}/verify?changed=maybe", replica)
                .then().statusCode(400).body("field", equalTo("changed"))
                .body("error", containsString("true or false"));
    }

    @Test
    void shouldApplyAPartSentWithoutAContentLength() throws Exception {
        client.write(primary, 3L * BLOCK, random(BLOCK, 5));
        client.createSnapshot(primary);
        client.beginApply(replica, null, 1);
        byte[] part = part(3L * BLOCK, BLOCK);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "volumes/" + replica + "/apply/1/parts"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(part))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"appliedBytes\":" + BLOCK);
        client.sealApply(replica, 1);
        assertThat(client.readSnapshot(replica, 1, 3L * BLOCK, BLOCK)).isEqualTo(random(BLOCK, 5));
    }

    @Test
    void shouldRefuseAPartLargerThanTheLimitBeforeReadingItAndAPartOfAnUnknownVolume() throws Exception {
        client.beginApply(replica, null, 1);
        URI base = URI.create(url.toString());
        String answer;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /volumes/" + replica + "/apply/1/parts HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: " + (ApplyPartRoute.MAX_PART_BYTES + 1L) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            answer = readResponse(socket.getInputStream());
        }

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"field\":\"body\"")
                .contains("at most " + ApplyPartRoute.MAX_PART_BYTES + " bytes");
        given().contentType("application/octet-stream").body(new byte[0])
                .post(url + "volumes/{id}/apply/1/parts", "no-such-volume")
                .then().statusCode(404).body("field", equalTo("id"));
    }

    @Test
    void shouldRefuseToBeginADeltaOnAPrimary() {
        given().post(url + "volumes/{id}/apply/1/begin", primary)
                .then().statusCode(409).body("error", containsString("not a replica"));
    }

    /** An HTTP/1.1 answer with a Content-Length, read off a connection that stays open (the body was never sent). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return headers + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    private byte[] part(long offset, int length) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(body);
        writer.write(offset, client.readSnapshot(primary, 1, offset, length));
        writer.flush();
        return body.toByteArray();
    }

    private static byte[] random(int length, int seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
