package io.datamover.blockstore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SectorCrcsTest {

    private static final int SECTOR = DeltaFormat.SECTOR_SIZE;

    @Test
    void shouldGiveTheCrc32cOfEachSectorInOrder() {
        byte[] content = random(3 * SECTOR);

        assertThat(SectorCrcs.of(ByteBuffer.wrap(content)))
                .containsExactly(crc32c(content, 0), crc32c(content, 1), crc32c(content, 2));
    }

    @Test
    void shouldGiveTheKnownCrc32cOfASectorOfZeros() {
        assertThat(SectorCrcs.of(ByteBuffer.allocate(SECTOR))).containsExactly(0x98f94189);
    }

    @Test
    void shouldStartAtThePositionAndLeaveTheBufferUnmoved() {
        byte[] content = random(4 * SECTOR);
        ByteBuffer data = ByteBuffer.wrap(content).position(SECTOR).limit(3 * SECTOR);

        assertThat(SectorCrcs.of(data)).containsExactly(crc32c(content, 1), crc32c(content, 2));
        assertThat(data.position()).isEqualTo(SECTOR);
        assertThat(data.limit()).isEqualTo(3 * SECTOR);
    }

    @Test
    void shouldSumADirectBufferAsAHeapOne() {
        byte[] content = random(2 * SECTOR);
        ByteBuffer direct = ByteBuffer.allocateDirect(content.length).put(content).flip();

        assertThat(SectorCrcs.of(direct)).containsExactly(crc32c(content, 0), crc32c(content, 1));
    }

    @Test
    void shouldGiveNoSumForBytesAfterTheLastWholeSector() {
        byte[] content = random(2 * SECTOR + 100);

        assertThat(SectorCrcs.of(ByteBuffer.wrap(content))).containsExactly(crc32c(content, 0), crc32c(content, 1));
        assertThat(SectorCrcs.of(ByteBuffer.wrap(content, 0, SECTOR - 1))).isEmpty();
    }

    @Test
    void shouldChangeOnlyTheSumOfTheSectorThatChanged() {
        byte[] content = random(2 * SECTOR);
        int[] before = SectorCrcs.of(ByteBuffer.wrap(content));
        content[SECTOR + 17] ^= 1;

        int[] after = SectorCrcs.of(ByteBuffer.wrap(content));

        assertThat(after[0]).isEqualTo(before[0]);
        assertThat(after[1]).isNotEqualTo(before[1]).isEqualTo(crc32c(content, 1));
    }

    private static byte[] random(int length) {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        return content;
    }

    private static int crc32c(byte[] content, int sector) {
        CRC32C crc = new CRC32C();
        crc.update(content, sector * SECTOR, SECTOR);
        return (int) crc.getValue();
    }
}
