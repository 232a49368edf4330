package io.datamover.launcher.demo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An application writing to the volumes of its group (or to one volume), at whichever site is their primary: random
 * data of random length (1 to 32 sectors of 4 KiB) at random sector offsets, not aligned to blocks, spread over the
 * volumes, at a steady rate, until stopped. When a write is refused (the group is
 * frozen for a switchover, or its volumes stepped down to replicas) or the store does not answer (its site is lost),
 * it looks every 10 ms (every 100 ms while the store does not answer) for the site where every volume of the group is
 * a writable primary and goes on there, as an application restarted at the new primary would: after a switchover's
 * commit or a failover's promotion. It measures the longest pause between two acknowledged writes and keeps the last
 * write acknowledged to each volume.
 */
final class Workload implements Runnable, AutoCloseable {

    static final int SECTOR = 4096;
    static final int MAX_WRITE = 32 * SECTOR;
    private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A lost site is not back within milliseconds: probing a failover's stores at 100 Hz would only load them. */
    private static final long LOST_PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Map<String, BlockStoreClient> stores;
    private final List<String> volumeIds;
    private final long volumeBytes;
    private final double writesPerSecond;
    private final SplittableRandom random;
    private final AtomicLong writes = new AtomicLong();
    private final Map<String, Write> lastWrites = new ConcurrentHashMap<>();
    private volatile String site;
    private volatile Instant lastWrite;
    private volatile Duration longestPause = Duration.ZERO;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private final Thread thread;

    Workload(Map<String, BlockStoreClient> stores, String site, List<String> volumeIds, long volumeBytes,
            double writesPerSecond, long seed) {
        this.stores = Map.copyOf(stores);
        this.site = site;
        this.volumeIds = List.copyOf(volumeIds);
        this.volumeBytes = volumeBytes;
        this.writesPerSecond = writesPerSecond;
        this.random = new SplittableRandom(seed);
        this.thread = new Thread(this, "workload-" + String.join("-", volumeIds));
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
        try {
            while (running) {
                int length = SECTOR * (1 + random.nextInt(MAX_WRITE / SECTOR));
                long offset = SECTOR * random.nextLong((volumeBytes - length) / SECTOR + 1);
                String volumeId = volumeIds.get(random.nextInt(volumeIds.size()));
                fill(random, buffer, length);
                write(volumeId, offset, Arrays.copyOf(buffer, length));
                next = Math.max(next + intervalNanos, System.nanoTime() - intervalNanos);
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** One acknowledged write: where and what. */
    record Write(String site, String volumeId, long offset, byte[] data) {
    }

    /** Writes at the current primary; when refused or unanswered, finds the primary again and writes there. */
    private void write(String volumeId, long offset, byte[] data) {
        while (running) {
            String at = site;
            try {
                stores.get(at).write(volumeId, offset, data);
                lastWrites.put(volumeId, new Write(at, volumeId, offset, data));
                acknowledged();
                return;
            } catch (BlockStoreException e) {
                if (!e.isConflict() && e.status() != BlockStoreException.UNREACHABLE) {
                    throw e;
                }
                LockSupport.parkNanos(e.isConflict() ? PROBE_NANOS : LOST_PROBE_NANOS);
                primary().ifPresent(found -> site = found);
            }
        }
    }

    private void acknowledged() {
        Instant now = Instant.now();
        if (lastWrite != null) {
            Duration pause = Duration.between(lastWrite, now);
            if (pause.compareTo(longestPause) > 0) {
                longestPause = pause;
            }
        }
        lastWrite = now;
        writes.incrementAndGet();
    }

    /** The site where every volume of the group is a primary that is not frozen, if there is one now. */
    private Optional<String> primary() {
        return stores.keySet().stream().filter(this::isWritable).findFirst();
    }

    private boolean isWritable(String candidate) {
        try {
            for (String volumeId : volumeIds) {
                Optional<VolumeInfo> volume = stores.get(candidate).findVolume(volumeId);
                if (volume.isEmpty() || volume.get().role() != VolumeRole.PRIMARY || volume.get().frozen()) {
                    return false;
                }
            }
            return true;
        } catch (BlockStoreException e) {
            if (e.status() != BlockStoreException.UNREACHABLE) {
                throw e;
            }
            return false;
        }
    }

    /** Random bytes into {@code buffer[0, length)}. */
    static void fill(SplittableRandom random, byte[] buffer, int length) {
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

    String site() {
        return site;
    }

    long writes() {
        return writes.get();
    }

    /** The last write acknowledged to each volume so far. */
    Map<String, Write> lastWrites() {
        return Map.copyOf(lastWrites);
    }

    /** The longest time between two acknowledged writes so far. */
    Duration longestPause() {
        return longestPause;
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
            throw new IllegalStateException("the workload's writes to " + volumeIds + " failed: "
                    + failure.getMessage(), failure);
        }
    }
}
