package io.datamover.launcher.demo;

import io.datamover.blockstore.api.BlockStoreClient;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An application writing to its volume: random data of random length (1 to 32 sectors of 4 KiB) at random
 * sector offsets, not aligned to blocks, at a steady rate, until stopped.
 */
final class Workload implements Runnable, AutoCloseable {

    static final int SECTOR = 4096;
    static final int MAX_WRITE = 32 * SECTOR;

    private final BlockStoreClient store;
    private final String volumeId;
    private final long volumeBytes;
    private final double writesPerSecond;
    private final SplittableRandom random;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private final Thread thread;

    Workload(BlockStoreClient store, String volumeId, long volumeBytes, double writesPerSecond, long seed) {
        this.store = store;
        this.volumeId = volumeId;
        this.volumeBytes = volumeBytes;
        this.writesPerSecond = writesPerSecond;
        this.random = new SplittableRandom(seed);
        this.thread = new Thread(this, "workload-" + volumeId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / writesPerSecond);
        long next = System.nanoTime();
        byte[] buffer = new byte[MAX_WRITE];
        while (running) {
            try {
                int length = SECTOR * (1 + random.nextInt(MAX_WRITE / SECTOR));
                long offset = SECTOR * random.nextLong((volumeBytes - length) / SECTOR + 1);
                fill(buffer, length);
                store.write(volumeId, offset, Arrays.copyOf(buffer, length));
                writes.incrementAndGet();
                bytesWritten.addAndGet(length);
            } catch (RuntimeException e) {
                failure = e;
                return;
            }
            next += intervalNanos;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private void fill(byte[] buffer, int length) {
        for (int i = 0; i + 8 <= length; i += 8) {
            long value = random.nextLong();
            for (int b = 0; b < 8; b++) {
                buffer[i + b] = (byte) (value >>> (8 * b));
            }
        }
        for (int i = length & ~7; i < length; i++) {
            buffer[i] = (byte) random.nextInt();
        }
    }

    long writes() {
        return writes.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    /** Stops writing; rethrows the error that stopped the workload early, if any. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("the workload's writes to " + volumeId + " failed: " + failure.getMessage(),
                    failure);
        }
    }
}
