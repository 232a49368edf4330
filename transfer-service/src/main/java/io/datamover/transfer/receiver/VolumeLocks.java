package io.datamover.transfer.receiver;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One lock per volume: chunks of a volume's transfer are staged side by side (each into its own
 * files), while begin, status and commit run alone.
 */
final class VolumeLocks {

    private final ConcurrentHashMap<String, ReadWriteLock> locks = new ConcurrentHashMap<>();

    <T> T exclusive(String volumeId, Supplier<T> action) {
        return with(lock(volumeId).writeLock(), action);
    }

    <T> T shared(String volumeId, Supplier<T> action) {
        return with(lock(volumeId).readLock(), action);
    }

    private ReadWriteLock lock(String volumeId) {
        return locks.computeIfAbsent(volumeId, v -> new ReentrantReadWriteLock());
    }

    private static <T> T with(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
