package io.datamover.blockstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.blockstore.api.ExtentLocations.Segment;
import io.datamover.events.EventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ExtentLocationsTest {

    private static final int SECTOR = ExtentLocations.SECTOR_SIZE;

    @Test
    void shouldWriteTheSumsAsBase64OfBigEndianInts() throws IOException {
        ExtentLocations located = new ExtentLocations(List.of("/data/volumes/db/data"),
                List.of(new Segment(0, SECTOR, SECTOR, 2L * SECTOR)), ints(0x98f94189, 0x0badf00d));

        JsonNode json = EventJson.mapper().valueToTree(located);

        assertThat(json.fieldNames()).toIterable().containsExactly("files", "segments", "sums");
        assertThat(json.get("segments").get(0).fieldNames()).toIterable()
                .containsExactly("file", "fileOffset", "volumeOffset", "length");
        assertThat(json.get("sums").asText()).isEqualTo("mPlBiQut8A0=");
        assertThat(EventJson.mapper().treeToValue(json, ExtentLocations.class)).isEqualTo(located);
    }

    @Test
    void shouldFindTheFirstSectorWhoseCrc32cDiffersFromItsSum() {
        byte[] content = new byte[3 * SECTOR];
        new Random(3).nextBytes(content);
        ExtentLocations located = new ExtentLocations(List.of("/f"), List.of(),
                ints(0, crc32c(content, 0), crc32c(content, 1), crc32c(content, 2)));

        assertThat(located.sectorCount()).isEqualTo(4);
        assertThat(located.firstMismatch(1, ByteBuffer.wrap(content))).isEqualTo(-1);
        content[2 * SECTOR + 7] ^= 1;
        assertThat(located.firstMismatch(1, ByteBuffer.wrap(content))).isEqualTo(3);
        assertThat(located.firstMismatch(0, ByteBuffer.wrap(content, 0, SECTOR))).isEqualTo(0);
    }

    @Test
    void shouldRefuseToCheckPartOfASector() {
        ExtentLocations located = new ExtentLocations(List.of(), List.of(), ints(0));

        assertThatThrownBy(() -> located.firstMismatch(0, ByteBuffer.allocate(SECTOR - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole sectors");
    }

    private static byte[] ints(int... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES);
        for (int value : values) {
            bytes.putInt(value);
        }
        return bytes.array();
    }

    private static int crc32c(byte[] content, int sector) {
        CRC32C crc = new CRC32C();
        crc.update(content, sector * SECTOR, SECTOR);
        return (int) crc.getValue();
    }
}
