package io.datamover.blockstore.storage;

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

    /** Writes random bytes at a random place (partial blocks included), to the volume and the model. */
    static void randomWrite(Random random, Volume volume, VolumeModel model) throws IOException {
        long size = volume.geometry().sizeBytes();
        int length = 1 + random.nextInt((int) Math.min(size, 3L * volume.geometry().blockSize()));
        long offset = (long) (random.nextDouble() * (size - length + 1));
        byte[] data = new byte[length];
        random.nextBytes(data);
        volume.write(offset, ByteBuffer.wrap(data));
        model.write(offset, data);
    }
}
