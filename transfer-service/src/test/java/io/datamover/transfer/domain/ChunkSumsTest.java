package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChunkSumsTest {

    private static final int SECTOR = DeltaFormat.SECTOR_SIZE;

    private final Random random = new Random(7);

    @Test
    void shouldGiveTheSameSumsFromTheBodyAsFromTheStoredSectorChecksums() throws IOException {
        byte[] first = bytes(3 * SECTOR);
        byte[] second = bytes(SECTOR);
        byte[] body = delta(8192, first, 65536, second);

        ChunkSums fromBody = ChunkSums.of(body);
        ChunkSums fromStore = ChunkSums.of(List.of(new Extent(8192, first.length), new Extent(65536, second.length)),
                sectorSums(first, second));

        assertThat(fromStore.checksum()).isEqualTo(fromBody.checksum()).matches("crc32c:[0-9a-f]{8}");
        assertThat(fromStore.digest()).isEqualTo(fromBody.digest()).hasSize(32);
    }

    @Test
    void shouldTellApartAFlippedByteAndAMovedRecord() throws IOException {
        byte[] data = bytes(2 * SECTOR);
        ChunkSums original = ChunkSums.of(delta(0, data));
        byte[] flipped = data.clone();
        flipped[SECTOR + 17] ^= 1;

        assertThat(ChunkSums.of(delta(0, flipped)).checksum()).isNotEqualTo(original.checksum());
        assertThat(ChunkSums.of(delta(0, flipped)).digest()).isNotEqualTo(original.digest());
        assertThat(ChunkSums.of(delta(SECTOR, data)).checksum()).isNotEqualTo(original.checksum());
        assertThat(ChunkSums.of(delta(SECTOR, data)).digest()).isNotEqualTo(original.digest());
    }

    @Test
    void shouldRefuseStoredChecksumsThatDoNotCountOnePerSector() {
        List<Extent> extents = List.of(new Extent(0, 2 * SECTOR));

        assertThatThrownBy(() -> ChunkSums.of(extents, ByteBuffer.allocate(Integer.BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end before the sectors");
        assertThatThrownBy(() -> ChunkSums.of(extents, ByteBuffer.allocate(3 * Integer.BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 stored checksums are left over");
        assertThatThrownBy(() -> ChunkSums.of(List.of(new Extent(0, 100)), ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not whole sectors");
    }

    @Test
    void shouldRefuseABodyThatIsNotADeltaOfWholeSectors() throws IOException {
        assertThatThrownBy(() -> ChunkSums.of(delta(0, new byte[100])))
                .isInstanceOfSatisfying(TransferException.class, e -> assertThat(e.field()).isEqualTo("body"))
                .hasMessageContaining("not whole sectors");
        assertThatThrownBy(() -> ChunkSums.of(new byte[] {1, 2, 3})).hasMessageContaining("truncated delta");
    }

    private byte[] bytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    /** The CRC32C of every sector of the arrays, in order, as the store answers them. */
    private static ByteBuffer sectorSums(byte[]... extents) {
        ByteBuffer sums = ByteBuffer.allocate(1024);
        CRC32C crc = new CRC32C();
        for (byte[] extent : extents) {
            for (int at = 0; at < extent.length; at += SECTOR) {
                crc.reset();
                crc.update(extent, at, SECTOR);
                sums.putInt((int) crc.getValue());
            }
        }
        return sums.flip();
    }

    private static byte[] delta(Object... offsetsAndData) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        for (int i = 0; i < offsetsAndData.length; i += 2) {
            writer.write(((Number) offsetsAndData[i]).longValue(), (byte[]) offsetsAndData[i + 1]);
        }
        writer.flush();
        return out.toByteArray();
    }
}
