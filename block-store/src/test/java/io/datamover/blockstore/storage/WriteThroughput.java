package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prints the throughput of 64 KiB random writes through {@link Volume#write}, with one and with four writers, on
 * real files under a temporary directory (the first argument, else the system's). A figure, not a test.
 */
public final class WriteThroughput {

    private static final int BLOCK = 65536;
    private static final long SIZE = 1L << 30;
    private static final int WRITES_PER_WRITER = 2000;

    private WriteThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path parent = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        for (int writers : new int[] {1, 4}) {
            Path dataDir = Files.createTempDirectory(parent, "write-throughput");
            try (VolumeStore store = VolumeStore.open(dataDir, "test-site")) {
                Volume volume = store.create(new CreateVolume("bench", SIZE, BLOCK, VolumeRole.PRIMARY));
                volume.snapshot();
                double mbps = run(volume, writers);
                System.out.printf("%d writer(s): %.1f MB/s, %.0f writes/s%n", writers, mbps,
                        mbps * 1_000_000 / BLOCK);
            }
        }
    }

    private static double run(Volume volume, int writers) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(() -> writeRandomly(volume));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) writers * WRITES_PER_WRITER * BLOCK / seconds / 1_000_000;
    }

    private static void writeRandomly(Volume volume) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] data = new byte[BLOCK];
        try {
            for (int i = 0; i < WRITES_PER_WRITER; i++) {
                random.nextBytes(data);
                volume.write(random.nextLong(SIZE / BLOCK) * BLOCK, ByteBuffer.wrap(data));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
