package io.datamover.blockstore.storage;

import io.datamover.blockstore.domain.Geometry;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The checksum of each sector, as stored in a sums file: 4 bytes per sector at {@code sector * 4}. A sector's sum
 * is its CRC32C xor the CRC32C of a sector of zeros, so that a sector never written (a hole in the data file)
 * matches the hole at the same place in the sums file.
 */
final class SectorSums {

    static final int BYTES = Integer.BYTES;
    private static final int ZERO_SECTOR = crc32c(ByteBuffer.allocate(Geometry.SECTOR_SIZE));

    private SectorSums() {
    }

    /** The position in a sums file of the sum of the sector at volume offset {@code offset}. */
    static long positionOf(long offset) {
        return offset / Geometry.SECTOR_SIZE * BYTES;
    }

    /** The sums of the whole sectors in {@code data}'s remaining bytes, ready to write; {@code data} is unmoved. */
    static ByteBuffer of(ByteBuffer data) {
        ByteBuffer sectors = data.duplicate();
        ByteBuffer sums = ByteBuffer.allocate(sectors.remaining() / Geometry.SECTOR_SIZE * BYTES);
        int end = sectors.limit();
        while (sums.hasRemaining()) {
            sectors.limit(sectors.position() + Geometry.SECTOR_SIZE);
            sums.putInt(sum(sectors));
            sectors.position(sectors.limit()).limit(end);
        }
        return sums.flip();
    }

    /** The stored form of the checksum of the sector in {@code sector}'s remaining bytes; consumes them. */
    static int sum(ByteBuffer sector) {
        return crc32c(sector) ^ ZERO_SECTOR;
    }

    /**
     * The plain CRC32C of each sector from its stored sums, as a reader of the data computes it: the 0 of a hole
     * becomes the CRC32C of a sector of zeros. Consumes {@code stored}.
     */
    static ByteBuffer crc32cs(ByteBuffer stored) {
        ByteBuffer plain = ByteBuffer.allocate(stored.remaining());
        while (stored.hasRemaining()) {
            plain.putInt(stored.getInt() ^ ZERO_SECTOR);
        }
        return plain.flip();
    }

    private static int crc32c(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
