package io.datamover.blockstore.api;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The plain CRC32C of each {@value DeltaFormat#SECTOR_SIZE}-byte sector of a buffer: what the block store's sums,
 * a chunk's sums and the mover's read-back check are made of. Each caller keeps its own form of them.
 */
public final class SectorCrcs {

    private SectorCrcs() {
    }

    /**
     * The CRC32C of each whole sector in {@code data}'s remaining bytes, in order; bytes after the last whole
     * sector have none. {@code data} is unmoved; heap and direct buffers alike.
     */
    public static int[] of(ByteBuffer data) {
        int[] crcs = new int[data.remaining() / DeltaFormat.SECTOR_SIZE];
        CRC32C crc = new CRC32C();
        for (int i = 0; i < crcs.length; i++) {
            crc.reset();
            crc.update(data.slice(data.position() + i * DeltaFormat.SECTOR_SIZE, DeltaFormat.SECTOR_SIZE));
            crcs[i] = (int) crc.getValue();
        }
        return crcs;
    }
}
