package io.datamover.blockstore.storage;

import io.datamover.blockstore.domain.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** What a volume should hold: its live bytes and a copy per snapshot taken. */
final class VolumeModel {

    private final byte[] live;
    private final Map<Long, byte[]> snapshots = new HashMap<>();

    VolumeModel(long size) {
        live = new byte[Math.toIntExact(size)];
    }

    void write(long offset, byte[] data) {
        System.arraycopy(data, 0, live, (int) offset, data.length);
    }

    void take(long number) {
        snapshots.put(number, live.clone());
    }

    void delete(long number) {
        snapshots.remove(number);
    }

    byte[] live() {
        return live;
    }

    byte[] snapshot(long number) {
        return snapshots.get(number);
    }

    Map<Long, byte[]> snapshots() {
        return snapshots;
    }

    /**
     * Writes random bytes over whole sectors at a random place, to the volume and the model: with blocks larger
     * than a sector, these include parts of blocks and writes across block boundaries.
     */
    static void randomWrite(Random random, Volume volume, VolumeModel model) throws IOException {
        Geometry geometry = volume.geometry();
        long sectors = geometry.sectorCount();
        int lengthSectors = 1 + random.nextInt((int) Math.min(sectors, 3L * geometry.sectorsPerBlock()));
        long offset = random.nextLong(sectors - lengthSectors + 1) * Geometry.SECTOR_SIZE;
        byte[] data = new byte[lengthSectors * Geometry.SECTOR_SIZE];
        random.nextBytes(data);
        volume.write(offset, ByteBuffer.wrap(data));
        model.write(offset, data);
    }
}
