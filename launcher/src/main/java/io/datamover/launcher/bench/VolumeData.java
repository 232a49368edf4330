package io.datamover.launcher.bench;

import io.datamover.blockstore.api.BlockStoreClient;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/** Random data written into a volume through its block store's HTTP API, as an application would write it. */
final class VolumeData {

    static final int PIECE = 4 << 20;
    private static final int CHANGE_WRITERS = 4;

    private final BlockStoreClient store;
    private final String volumeId;
    private final long volumeBytes;
    private final int blockSize;
    private final SplittableRandom random;

    VolumeData(BlockStoreClient store, String volumeId, long volumeBytes, int blockSize, long seed) {
        this.store = store;
        this.volumeId = volumeId;
        this.volumeBytes = volumeBytes;
        this.blockSize = blockSize;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Writes {@code writtenBytes} of random data in pieces of 4 MiB spread evenly over the volume (all of it when
     * {@code writtenBytes} is the volume's size); the rest stays unallocated. Reports the bytes written so far.
     */
    void fill(long writtenBytes, LongConsumer written) {
        long pieces = (writtenBytes + PIECE - 1) / PIECE;
        long stride = Math.max(PIECE, volumeBytes / pieces / blockSize * blockSize);
        byte[] buffer = new byte[PIECE];
        long done = 0;
        for (long piece = 0; piece < pieces; piece++) {
            int length = (int) Math.min(PIECE, writtenBytes - done);
            randomize(buffer, random);
            store.write(volumeId, piece * stride, ByteBuffer.wrap(buffer, 0, length));
            done += length;
            written.accept(done);
        }
    }

    /** Rewrites {@code count} distinct blocks of the volume, chosen at random, with new random data, by a few writers. */
    void change(int count) {
        long blockCount = volumeBytes / blockSize;
        long[] blocks = random.longs(0, blockCount).distinct().limit(Math.min(count, blockCount)).toArray();
        long seed = random.nextLong();
        ExecutorService writers = Executors.newFixedThreadPool(CHANGE_WRITERS);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < CHANGE_WRITERS; w++) {
                int writer = w;
                writes.add(writers.submit(() -> {
                    byte[] data = new byte[blockSize];
                    SplittableRandom dataRandom = new SplittableRandom(seed + writer);
                    for (int i = writer; i < blocks.length; i += CHANGE_WRITERS) {
                        randomize(data, dataRandom);
                        store.write(volumeId, blocks[i] * blockSize, data);
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing blocks of " + volumeId, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            writers.shutdownNow();
        }
    }

    private static void randomize(byte[] buffer, SplittableRandom random) {
        LongBuffer longs = ByteBuffer.wrap(buffer).asLongBuffer();
        while (longs.hasRemaining()) {
            longs.put(random.nextLong());
        }
    }
}
