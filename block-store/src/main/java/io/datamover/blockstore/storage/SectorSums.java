package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.SectorCrcs;
import io.datamover.blockstore.domain.Geometry;
import java.nio.ByteBuffer;

/**
 * The checksum of each sector, as stored in a sums file: 4 bytes per sector at {@code sector * 4}. A sector's sum
 * is its CRC32C xor the CRC32C of a sector of zeros, so that a sector never written (a hole in the data file)
 * matches the hole at the same place in the sums file.
 */
final class SectorSums {

    static final int BYTES = Integer.BYTES;
    private static final int ZERO_SECTOR = SectorCrcs.of(ByteBuffer.allocate(Geometry.SECTOR_SIZE))[0];

    private SectorSums() {
    }

    /** The position in a sums file of the sum of the sector at volume offset {@code offset}. */
    static long positionOf(long offset) {
        return offset / Geometry.SECTOR_SIZE * BYTES;
    }

    /** The sums of the whole sectors in {@code data}'s remaining bytes, ready to write; {@code data} is unmoved. */
    static ByteBuffer of(ByteBuffer data) {
        int[] crcs = SectorCrcs.of(data);
        ByteBuffer sums = ByteBuffer.allocate(crcs.length * BYTES);
        for (int crc : crcs) {
            sums.putInt(crc ^ ZERO_SECTOR);
        }
        return sums.flip();
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
}
